package dev.vireo.io.video;

import dev.vireo.io.Clip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The commit-or-discard life cycle every sink shares, kept in one place so the formats cannot drift apart:
 * a write that throws marks the sink failed, {@link #close()} commits only a sink that is not failed and
 * holds frames, and clean-up runs whatever happened.
 */
abstract class AtomicSink implements VideoSink {
    protected final Path target;
    private final String outputKind;
    private boolean failed, finished;

    /** {@code outputKind} ("file", "folder") names the output in the error when it cannot be moved into place. */
    AtomicSink(Path target, String outputKind) {
        this.target = target;
        this.outputKind = outputKind;
    }

    @Override
    public final void write(Clip clip) {
        if (finished) {
            throw new IllegalStateException("sink already closed");
        }
        try {
            append(clip);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Adds one window; any exception it throws fails the sink. */
    protected abstract void append(Clip clip);

    protected abstract long framesWritten();

    /** Finishes the output and moves it onto {@link #target}. */
    protected abstract void commit() throws IOException;

    /** Frees resources and removes temporary output; runs after a commit too. */
    protected abstract void cleanUp();

    @Override
    public final void abort() {
        failed = true;
        close();
    }

    @Override
    public final void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (!failed) {
                if (framesWritten() == 0) {
                    throw new IllegalStateException(target + ": no frames were written");
                }
                commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot move the finished " + outputKind + " into place", e);
        } finally {
            cleanUp();
        }
    }
}

package dev.vireo.io.video;

import dev.vireo.io.Clip;

/**
 * A video written window by window into a temporary sibling of the target. {@link #close()} finishes the
 * file and renames it into place; {@link #abort()} (or a close after a failed write) deletes it, so the
 * target never holds a half-written video.
 */
public interface VideoSink extends AutoCloseable {
    /** Appends frames [n, 3, H, W]; every window must have the size of the first one. */
    void write(Clip frames);

    /** Discards everything written; the target is left untouched. Safe to call more than once. */
    void abort();

    /** Commits the output (or, after a failed write or {@link #abort()}, just cleans up). */
    @Override
    void close();
}

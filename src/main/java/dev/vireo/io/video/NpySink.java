package dev.vireo.io.video;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects windows in memory and writes one float32 [N, 3, H, W] {@code .npy} on {@link #close()} (atomic,
 * via {@link Npy#write}). A .npy holds no frame rate; reading it back uses {@link ReadOptions#fallbackFps()}.
 */
final class NpySink extends AtomicSink {
    private final List<float[]> windows = new ArrayList<>();
    private int frames, channels, width, height;
    private long values;

    NpySink(Path target) {
        super(target, "file");
    }

    @Override
    protected void append(Clip clip) {
        if (frames > 0 && (clip.width() != width || clip.height() != height || clip.channels() != channels)) {
            throw new InvalidInputException("all windows of a video must have one shape: " + channels + "x" + height + "x"
                    + width + " then " + clip.channels() + "x" + clip.height() + "x" + clip.width());
        }
        channels = clip.channels();
        width = clip.width();
        height = clip.height();
        values += clip.data().length;
        if (values > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(target + ": clip too large for one .npy (" + values + " values)");
        }
        windows.add(clip.data().clone());
        frames += clip.frames();
    }

    @Override
    protected long framesWritten() {
        return frames;
    }

    @Override
    protected void commit() {
        float[] all = new float[(int) values];
        int at = 0;
        for (float[] w : windows) {
            System.arraycopy(w, 0, all, at, w.length);
            at += w.length;
        }
        windows.clear();
        try {
            Npy.write(target, all, frames, channels, height, width);
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot write (" + e + ")", e);
        }
    }

    @Override
    protected void cleanUp() {
        windows.clear();
    }
}

package dev.vireo.pipeline;

import dev.vireo.io.Clip;

/** Frame-level joins of engine-free clips, for scoring across window boundaries. */
final class Clips {
    private Clips() {}

    /** The last frame of {@code c} as a one-frame clip. */
    static Clip lastFrame(Clip c) {
        int frame = c.channels() * c.height() * c.width();
        float[] d = new float[frame];
        System.arraycopy(c.data(), (c.frames() - 1) * frame, d, 0, frame);
        return new Clip(d, 1, c.channels(), c.height(), c.width(), c.fps());
    }

    /** {@code a} then {@code b} (same frame size and channels). */
    static Clip concat(Clip a, Clip b) {
        float[] d = new float[a.data().length + b.data().length];
        System.arraycopy(a.data(), 0, d, 0, a.data().length);
        System.arraycopy(b.data(), 0, d, a.data().length, b.data().length);
        return new Clip(d, a.frames() + b.frames(), a.channels(), a.height(), a.width(), a.fps());
    }
}

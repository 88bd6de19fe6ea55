package dev.vireo.pipeline;

import dev.vireo.io.Clip;

/** Frame ranges, joins and cross-fades of engine-free clips, for windows of a long clip. */
final class Clips {
    private Clips() {}

    /** The last frame of {@code c} as a one-frame clip. */
    static Clip lastFrame(Clip c) {
        return range(c, c.frames() - 1, 1);
    }

    /** Frames {@code first} … {@code first + count − 1} of {@code c}. */
    static Clip range(Clip c, int first, int count) {
        int frame = c.channels() * c.height() * c.width();
        float[] d = new float[count * frame];
        System.arraycopy(c.data(), first * frame, d, 0, count * frame);
        return new Clip(d, count, c.channels(), c.height(), c.width(), c.fps());
    }

    /**
     * The first {@code overlap} frames of {@code next} blended with {@code previous} (the same frames as an
     * earlier window restored them): weight (k+1)/(overlap+1) on {@code next}'s frame k, so the hand-over from
     * one window's solve to the next is gradual.
     */
    static Clip crossFade(Clip previous, Clip next, int overlap) {
        int frame = next.channels() * next.height() * next.width();
        float[] d = next.data().clone();
        float[] p = previous.data();
        for (int k = 0; k < overlap; k++) {
            float w = (k + 1f) / (overlap + 1f);
            for (int i = k * frame; i < (k + 1) * frame; i++) {
                d[i] = (1 - w) * p[i] + w * d[i];
            }
        }
        return new Clip(d, next.frames(), next.channels(), next.height(), next.width(), next.fps());
    }

    /** {@code a} then {@code b} (same frame size and channels). */
    static Clip concat(Clip a, Clip b) {
        float[] d = new float[a.data().length + b.data().length];
        System.arraycopy(a.data(), 0, d, 0, a.data().length);
        System.arraycopy(b.data(), 0, d, a.data().length, b.data().length);
        return new Clip(d, a.frames() + b.frames(), a.channels(), a.height(), a.width(), a.fps());
    }
}

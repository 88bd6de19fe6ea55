package dev.vireo.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameInterpolationTest {
    private static final int H = 48;
    private static final int W = 64;

    /** A smooth random RGB texture, large enough for the windows below to move across it. */
    private static float[][] texture(int th, int tw) {
        Random r = new Random(5);
        float[][] t = new float[3][th * tw];
        for (int c = 0; c < 3; c++) {
            float[] raw = new float[th * tw];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = r.nextFloat();
            }
            // Two box passes of radius 2 make a texture DIS can follow, with detail at every scale it looks at.
            t[c] = box(box(raw, th, tw, 2), th, tw, 2);
        }
        return t;
    }

    private static float[] box(float[] a, int h, int w, int rad) {
        float[] out = new float[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int n = 0;
                for (int dy = -rad; dy <= rad; dy++) {
                    for (int dx = -rad; dx <= rad; dx++) {
                        int yy = Math.max(0, Math.min(h - 1, y + dy));
                        int xx = Math.max(0, Math.min(w - 1, x + dx));
                        s += a[yy * w + xx];
                        n++;
                    }
                }
                out[y * w + x] = (float) s / n;
            }
        }
        return out;
    }

    /** Frame n is the H×W window of the texture at (2n, 1n): a whole-pixel pan of (−2, −1) px per frame. */
    private static float[] panning(int frames) {
        float[][] t = texture(H + frames, W + 2 * frames);
        int tw = W + 2 * frames;
        float[] clip = new float[frames * 3 * H * W];
        for (int n = 0; n < frames; n++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        clip[((n * 3 + c) * H + y) * W + x] = t[c][(y + n) * tw + x + 2 * n];
                    }
                }
            }
        }
        return clip;
    }

    private static float[] keep(float[] clip, int frames, int step) {
        int f = 3 * H * W;
        int count = (frames + step - 1) / step;
        float[] out = new float[count * f];
        for (int i = 0; i < count; i++) {
            System.arraycopy(clip, i * step * f, out, i * f, f);
        }
        return out;
    }

    /** PSNR over the frames that subsample:step drops. */
    private static double psnrMissing(float[] a, float[] b, int frames, int step) {
        int f = 3 * H * W;
        double se = 0;
        long n = 0;
        for (int t = 0; t < frames; t++) {
            if (t % step == 0) {
                continue;
            }
            for (int i = t * f; i < (t + 1) * f; i++) {
                double d = a[i] - b[i];
                se += d * d;
                n++;
            }
        }
        return 10 * Math.log10(n / se);
    }

    @Test
    void flowStartReproducesHeldOutFramesOfAWholePixelPan() {
        int frames = 9;
        float[] clip = panning(frames);
        for (int step : new int[] {2, 4}) {
            float[] kept = keep(clip, frames, step);
            double flow = psnrMissing(FrameInterpolation.flow(kept, 3, H, W, step, 0, frames), clip, frames, step);
            double linear = psnrMissing(FrameInterpolation.linear(kept, 3, H, W, step, 0, frames), clip, frames, step);
            // Measured: x2 57 dB (cross-fade 36), x4 36 dB (cross-fade 31; 8 px between kept frames, and the
            // frame borders where content enters have no flow to follow).
            assertTrue(flow > 33, "x" + step + ": flow start " + flow + " dB");
            assertTrue(flow > linear + 4, "x" + step + ": flow " + flow + " dB, linear " + linear + " dB");
        }
    }

    @Test
    void keptFramesAreCopiedAndTheEndHoldsTheLastKeptFrame() {
        int frames = 8; // subsample:3 keeps 0, 3, 6; frame 7 comes after the last kept frame
        float[] clip = panning(frames);
        int f = 3 * H * W;
        float[] kept = keep(clip, frames, 3);
        for (FrameInterpolation.Mode mode : FrameInterpolation.Mode.values()) {
            float[] out = FrameInterpolation.fill(mode, kept, 3, H, W, 3, 0, frames);
            for (int t : new int[] {0, 3, 6}) {
                assertArrayEquals(slice(clip, t, f), slice(out, t, f), mode + " kept frame " + t);
            }
            assertArrayEquals(slice(clip, 6, f), slice(out, 7, f), mode + " frame after the last kept one");
        }
        // With an offset, the frames before the first kept one hold it.
        float[] shifted = new float[2 * f];
        System.arraycopy(clip, f, shifted, 0, f);
        System.arraycopy(clip, 3 * f, shifted, f, f);
        float[] out = FrameInterpolation.linear(shifted, 3, H, W, 2, 1, 4);
        assertArrayEquals(slice(clip, 1, f), slice(out, 0, f));
    }

    @Test
    void keptFramesThatDoNotFitTheSubsamplingAreRefused() {
        float[] kept = new float[3 * 3 * H * W];
        assertThrows(InvalidInputException.class, () -> FrameInterpolation.flow(kept, 3, H, W, 2, 0, 8));
        assertThrows(InvalidInputException.class, () -> FrameInterpolation.flow(kept, 3, H, W, 2, 2, 6));
    }

    private static float[] slice(float[] a, int t, int f) {
        float[] s = new float[f];
        System.arraycopy(a, t * f, s, 0, f);
        return s;
    }
}

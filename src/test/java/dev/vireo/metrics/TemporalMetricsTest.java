package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalMetricsTest {
    private static final int N = 5;
    private static final int C = 3;
    private static final int H = 24;
    private static final int W = 20;
    private static final int FRAME = C * H * W;

    /** Random 8-bit-like values k/256 in [0.25, 0.75): adding 0.25 and subtracting stay exact in float32. */
    private static float[] randomClip(long seed) {
        Random r = new Random(seed);
        float[] v = new float[N * FRAME];
        for (int i = 0; i < v.length; i++) {
            v[i] = (64 + r.nextInt(128)) / 256f;
        }
        return v;
    }

    private static Clip clip(float[] v) {
        return new Clip(v, N, C, H, W, 25);
    }

    @Test
    void flickerIsZeroAgainstItselfAndAgainstAConstantOffset() {
        float[] g = randomClip(1);
        float[] offset = g.clone();
        for (int i = 0; i < offset.length; i++) {
            offset[i] += 0.25f;
        }
        Evaluation same = MetricSuite.standard(0).evaluate(clip(g), clip(g));
        Evaluation shifted = MetricSuite.standard(0).evaluate(clip(offset), clip(g));
        assertEquals(0.0, same.mean("flicker"), 1e-7);
        assertEquals(0.0, shifted.mean("flicker"), 1e-7);
        assertEquals(N - 1, shifted.transitions().size());
        for (double f : shifted.series("flicker")) {
            assertEquals(0.0, f, 1e-7);
        }
        // The offset is a plain intensity error: PSNR sees it (20·log10(1/0.25) dB), tPSNR does not.
        assertEquals(20 * Math.log10(4), shifted.mean("psnr"), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, shifted.mean("tpsnr"));
    }

    @Test
    void flickerIsPositiveWhenOneFrameIsPerturbed() {
        float[] g = randomClip(2);
        float[] x = g.clone();
        int t = 2;
        for (int i = t * FRAME; i < (t + 1) * FRAME; i++) {
            x[i] += 0.125f;
        }
        Evaluation e = MetricSuite.standard(0).evaluate(clip(x), clip(g));
        double[] flicker = e.series("flicker");
        // Only the transitions into and out of frame 2 change, each by exactly 0.125 per pixel.
        assertEquals(0.0, flicker[0], 1e-12);
        assertEquals(0.125, flicker[1], 1e-12);
        assertEquals(0.125, flicker[2], 1e-12);
        assertEquals(0.0, flicker[3], 1e-12);
        assertEquals(0.25 / 4, e.mean("flicker"), 1e-12);
        assertEquals(20 * Math.log10(8), e.series("tpsnr")[1], 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, e.series("tpsnr")[0]);
        // Whole-clip tPSNR from the pooled MSE (0.125² on 2 of 4 transitions), not the mean of dB values.
        assertEquals(10 * Math.log10(1 / (0.125 * 0.125 / 2)), e.mean("tpsnr"), 1e-9);
    }

    @Test
    void identicalClipsHaveInfinitePsnrAndUnitSsim() {
        Clip g = clip(randomClip(3));
        Evaluation e = MetricSuite.standard(0).evaluate(g, g);
        assertEquals(Double.POSITIVE_INFINITY, e.mean("psnr"));
        for (double p : e.series("psnr")) {
            assertEquals(Double.POSITIVE_INFINITY, p);
        }
        assertEquals(1.0, e.mean("ssim"), 1e-12);
    }

    @Test
    void clipPsnrPoolsMseOverTheWholeClip() {
        float[] g = randomClip(4);
        float[] x = g.clone();
        // Frame 0 off by 1/8, frame 1 off by 1/16, the rest exact.
        for (int i = 0; i < FRAME; i++) {
            x[i] += 0.125f;
            x[FRAME + i] += 0.0625f;
        }
        Evaluation e = MetricSuite.standard(0).evaluate(clip(x), clip(g));
        assertEquals(20 * Math.log10(8), e.series("psnr")[0], 1e-9);
        assertEquals(20 * Math.log10(16), e.series("psnr")[1], 1e-9);
        double mse = (0.125 * 0.125 + 0.0625 * 0.0625) / N;
        assertEquals(10 * Math.log10(1 / mse), e.mean("psnr"), 1e-9);
    }

    @Test
    void cropRemovesTheBorderBeforeMeasuring() {
        float[] g = randomClip(5);
        float[] x = g.clone();
        // Corrupt only a 2-pixel border; cropping 2 pixels makes the clips identical.
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int xx = 0; xx < W; xx++) {
                        if (y < 2 || y >= H - 2 || xx < 2 || xx >= W - 2) {
                            x[((n * C + c) * H + y) * W + xx] = 0f;
                        }
                    }
                }
            }
        }
        assertTrue(Double.isFinite(MetricSuite.standard(0).evaluate(clip(x), clip(g)).mean("psnr")));
        Evaluation cropped = MetricSuite.standard(2).evaluate(clip(x), clip(g));
        assertEquals(Double.POSITIVE_INFINITY, cropped.mean("psnr"));
        assertEquals(0.0, cropped.mean("flicker"), 1e-12);
        assertEquals(2, cropped.crop());
        assertThrows(InvalidInputException.class, () -> MetricSuite.standard(10).evaluate(clip(x), clip(g)));
    }

    @Test
    void mismatchedShapesAreInvalidInput() {
        Clip a = clip(randomClip(6));
        Clip b = new Clip(new float[(N - 1) * FRAME], N - 1, C, H, W, 25);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MetricSuite.standard(0).evaluate(a, b));
        assertTrue(e.getMessage().startsWith("shape mismatch"), e.getMessage());
    }

    @Test
    void singleFrameClipHasNoTemporalScore() {
        float[] one = new float[FRAME];
        java.util.Arrays.fill(one, 0.5f);
        Clip c = new Clip(one, 1, C, H, W, 25);
        Evaluation e = MetricSuite.standard(0).evaluate(c, c);
        assertTrue(e.transitions().isEmpty());
        assertTrue(Double.isNaN(e.mean("flicker")));
        assertTrue(Double.isNaN(e.mean("tpsnr")));
    }
}

package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each operator on inputs whose answer is known by hand. */
class KnownAnswerTest {
    private static final EnumSet<Boundary> PRESERVING =
            EnumSet.of(Boundary.CIRCULAR, Boundary.REPLICATE, Boundary.REFLECT, Boundary.SYMMETRIC);

    @BeforeAll
    static void load() {
        Torch.load();
    }

    private static Tensor frames(double... v) {
        return OpsTesting.doubles(v, v.length, 1, 1, 1);
    }

    @Test
    void temporalDeltaGivesTheKernelCentredOnIt() {
        double[] taps = {1, 2, 3, 4};
        for (Boundary b : Boundary.values()) {
            double[] x = new double[11];
            x[5] = 1;
            double[] y = OpsTesting.values(TemporalBlur.taps(taps, b).apply(frames(x)));
            // Tap K/2 = 2 lands on the delta: y[5 + j - 2] = taps[j].
            assertArrayEquals(new double[] {0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0}, y, 1e-12, b.name());
        }
    }

    /**
     * Short clips run as one dense frame matrix, long ones as shifted sums: both against the definition
     * y[n] = Σ_j taps[j]·x[src(n − (j − K/2))] and its transpose, for every boundary.
     */
    @Test
    void temporalBlurMatchesItsDefinitionOnBothPaths() {
        double[] taps = {0.5, -1, 2, 0.25, 3};
        Random r = new Random(11);
        for (int n : new int[] {AxisConv.DENSE_MAX_FRAMES, AxisConv.DENSE_MAX_FRAMES + 5}) {
            double[] x = r.doubles(n).toArray();
            for (Boundary b : Boundary.values()) {
                double[] y = new double[n];
                double[] aty = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < taps.length; j++) {
                        int src = b.source(i - (j - taps.length / 2), n);
                        if (src >= 0) {
                            y[i] += taps[j] * x[src];
                            aty[src] += taps[j] * x[i];
                        }
                    }
                }
                TemporalBlur a = TemporalBlur.taps(taps, b);
                assertArrayEquals(y, OpsTesting.values(a.apply(frames(x))), 1e-12, n + " frames, " + b.name());
                assertArrayEquals(aty, OpsTesting.values(a.adjoint(frames(x))), 1e-12, n + " frames, " + b.name() + " adjoint");
            }
        }
    }

    @Test
    void temporalMeanOfThreeAtTheEdgesForEachBoundary() {
        double[][] expected = {
            {7 / 3.0, 2, 3, 8 / 3.0}, // circular: x[-1] = 4, x[4] = 1
            {4 / 3.0, 2, 3, 11 / 3.0}, // replicate
            {5 / 3.0, 2, 3, 10 / 3.0}, // reflect: x[-1] = x[1]
            {4 / 3.0, 2, 3, 11 / 3.0}, // symmetric: x[-1] = x[0]
            {1, 2, 3, 7 / 3.0}, // zero
        };
        for (Boundary b : Boundary.values()) {
            double[] y = OpsTesting.values(TemporalBlur.uniform(3, b).apply(frames(1, 2, 3, 4)));
            assertArrayEquals(expected[b.ordinal()], y, 1e-12, b.name());
        }
    }

    @Test
    void circularUniformBlurIsSelfAdjointAsInThePaper() {
        Random r = new Random(3);
        Tensor y = OpsTesting.random(r, 16, 2, 3, 3);
        TemporalBlur a = TemporalBlur.uniform(7, Boundary.CIRCULAR);
        assertTrue(Tensors.maxAbsDiff(a.apply(y), a.adjoint(y)) < 1e-14);
    }

    @Test
    void spatialDeltaGivesTheKernelForEveryPath() {
        Random r = new Random(4);
        double[][] k = new double[5][7];
        for (double[] row : k) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextDouble();
            }
        }
        SpatialBlur blur = SpatialBlur.of("test", k, Boundary.ZERO);
        for (SpatialBlur.Method m : List.of(SpatialBlur.Method.DIRECT, SpatialBlur.Method.FFT)) {
            for (Boundary b : Boundary.values()) {
                double[] x = new double[13 * 15];
                x[6 * 15 + 7] = 1;
                double[] y = OpsTesting.values(SpatialBlur.of("test", k, b).withMethod(m)
                        .apply(OpsTesting.doubles(x, 1, 1, 13, 15)));
                for (int i = 0; i < 13; i++) {
                    for (int j = 0; j < 15; j++) {
                        int a = i - 6 + 2;
                        int c = j - 7 + 3;
                        double want = a >= 0 && a < 5 && c >= 0 && c < 7 ? k[a][c] : 0;
                        assertEquals(want, y[i * 15 + j], 1e-12, m + " " + b + " at " + i + "," + j);
                    }
                }
            }
        }
        assertEquals(SpatialBlur.Method.DIRECT, blur.method());
    }

    @Test
    void pathSelectionAndAgreementBetweenPaths() {
        assertEquals(SpatialBlur.Method.SEPARABLE, SpatialBlur.gaussian(2.0, 61, Boundary.REFLECT).method());
        assertEquals(SpatialBlur.Method.SEPARABLE, SpatialBlur.box(5, Boundary.REFLECT).method());
        assertEquals(SpatialBlur.Method.SEPARABLE, SpatialBlur.motion(9, 0, Boundary.REFLECT).method());
        assertEquals(SpatialBlur.Method.DIRECT, SpatialBlur.motion(9, 30, Boundary.REFLECT).method());
        Random r = new Random(5);
        double[][] big = new double[61][61];
        for (double[] row : big) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextDouble();
            }
        }
        assertEquals(SpatialBlur.Method.FFT, SpatialBlur.of("big", big, Boundary.REFLECT).method());
        Tensor x = OpsTesting.random(r, 2, 2, 20, 17);
        for (Boundary b : Boundary.values()) {
            SpatialBlur g = SpatialBlur.gaussian(1.5, 9, b);
            Tensor sep = g.apply(x);
            assertTrue(Tensors.maxAbsDiff(sep, g.withMethod(SpatialBlur.Method.DIRECT).apply(x)) < 1e-12, b.name());
            assertTrue(Tensors.maxAbsDiff(sep, g.withMethod(SpatialBlur.Method.FFT).apply(x)) < 1e-12, b.name());
        }
    }

    @Test
    void motionKernelOfLengthFiveByHand() {
        // A 5-px segment centred on pixel 3 of 7 covers [0.5, 5.5]; bilinear weight per pixel is the
        // integral of the hat function over the segment, divided by 5.
        double[] row = {0.025, 0.175, 0.2, 0.2, 0.2, 0.175, 0.025};
        double[][] h = Kernels.motion(5, 0);
        double[][] v = Kernels.motion(5, 90);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                assertEquals(i == 3 ? row[j] : 0, h[i][j], 1e-12, "0 degrees at " + i + "," + j);
                assertEquals(j == 3 ? row[i] : 0, v[i][j], 1e-12, "90 degrees at " + i + "," + j);
            }
        }
        double[][] diag = Kernels.motion(4 * Math.sqrt(2), 45);
        assertTrue(diag[2][4] > 0.1 && diag[4][2] > 0.1 && diag[2][2] == 0 && diag[4][4] == 0,
                "45 degrees runs up and to the right");
    }

    @Test
    void normalisedKernelsKeepAConstantClipConstant() {
        Tensor c = OpsTesting.doubles(fill(4 * 3 * 16 * 12, 0.37), 4, 3, 16, 12);
        for (Boundary b : PRESERVING) {
            List<LinearOperator> ops = List.of(TemporalBlur.uniform(7, b), TemporalBlur.gaussian(1.2, 5, b),
                    SpatialBlur.gaussian(2.0, 61, b), SpatialBlur.box(4, b), SpatialBlur.motion(7, 30, b),
                    SpatialBlur.motion(7, 30, b).withMethod(SpatialBlur.Method.FFT), Downsample.bicubic(4, b));
            for (LinearOperator a : ops) {
                double[] y = OpsTesting.values(a.apply(c));
                for (double v : y) {
                    assertEquals(0.37, v, 1e-12, a.spec());
                }
            }
        }
        for (double v : OpsTesting.values(Downsample.mean(4).apply(c))) {
            assertEquals(0.37, v, 1e-12);
        }
    }

    @Test
    void blockMeanByHand() {
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i;
        }
        double[] y = OpsTesting.values(Downsample.mean(2).apply(OpsTesting.doubles(x, 1, 1, 4, 4)));
        assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, y, 1e-12);
        double[] back = OpsTesting.values(Downsample.mean(2).adjoint(OpsTesting.doubles(new double[] {4, 8, 12, 16}, 1, 1, 2, 2)));
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, back, 1e-12);
    }

    @Test
    void bicubicWeightsMatchImresizeByHand() {
        double[][] m = Downsample.bicubicMatrix(16, 2, Boundary.SYMMETRIC);
        // Interior output 4 (1-based) sits at input 7.5; the antialiased kernel is cubic(d/2)/2 over
        // |d| < 4: cubic(1.75), cubic(1.25), cubic(0.75), cubic(0.25) = −0.0234375, −0.0703125,
        // 0.2265625, 0.8671875 on each side (sum 2, so the row is halved).
        double[] interior = new double[16];
        double[] w = {-0.0234375, -0.0703125, 0.2265625, 0.8671875, 0.8671875, 0.2265625, -0.0703125, -0.0234375};
        for (int i = 0; i < w.length; i++) {
            interior[3 + i] = w[i] / 2;
        }
        assertArrayEquals(interior, m[3], 1e-15);
        // First output at 1.5: taps at 1-based −2..5 with cubic(|d|/2)/2, mirrored onto 1..3.
        double[] first = new double[16];
        first[0] = 0.546875;
        first[1] = 0.3984375;
        first[2] = 0.1015625;
        first[3] = -0.03515625;
        first[4] = -0.01171875;
        assertArrayEquals(first, m[0], 1e-15);
        double[][] id = Downsample.bicubicMatrix(5, 1, Boundary.SYMMETRIC);
        for (int i = 0; i < 5; i++) {
            double[] e = new double[5];
            e[i] = 1;
            assertArrayEquals(e, id[i], 1e-15, "scale 1 is the identity");
        }
    }

    @Test
    void greySubsampleAndIdentity() {
        double[] px = {1, 0.5, 0};
        double[] y = OpsTesting.values(new ColorToGray().apply(OpsTesting.doubles(px, 1, 3, 1, 1)));
        assertArrayEquals(new double[] {0.299 + 0.587 * 0.5}, y, 1e-12);
        assertArrayEquals(new double[] {0, 3, 6},
                OpsTesting.values(new FrameSubsample(3, 0, 7).apply(frames(0, 1, 2, 3, 4, 5, 6))), 0);
        assertArrayEquals(new double[] {1, 4},
                OpsTesting.values(new FrameSubsample(3, 1, 6).apply(frames(0, 1, 2, 3, 4, 5))), 0);
        assertArrayEquals(new double[] {0, 7, 0, 0, 8, 0},
                OpsTesting.values(new FrameSubsample(3, 1, 6).adjoint(frames(7, 8))), 0);
        assertArrayEquals(new double[] {5, 6}, OpsTesting.values(new Identity().apply(frames(5, 6))), 0);
    }

    @Test
    void randomMaskObservesExactlyTheRatioAndFollowsItsSeed() {
        long[] s = {3, 3, 64, 64};
        float[] shared = Mask.random(0.5, 0, false).observed(s);
        assertEquals(64 * 64, shared.length);
        assertEquals(2048, count(shared, 0, 4096));
        float[] perFrame = Mask.random(0.3, 7, true).observed(s);
        assertEquals(3 * 4096, perFrame.length);
        for (int f = 0; f < 3; f++) {
            assertEquals((int) Math.floor(0.3 * 4096), count(perFrame, f * 4096, 4096));
        }
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(perFrame, 0, 4096)),
                Arrays.toString(Arrays.copyOfRange(perFrame, 4096, 8192)));
        assertArrayEquals(shared, Mask.random(0.5, 0, false).observed(s));
        assertNotEquals(Arrays.toString(shared), Arrays.toString(Mask.random(0.5, 1, false).observed(s)));
        // Applied: every channel and frame sees the same holes.
        double[] y = OpsTesting.values(Mask.random(0.5, 0, false).apply(OpsTesting.doubles(fill(3 * 3 * 4096, 1), s)));
        for (int i = 0; i < y.length; i++) {
            assertEquals(shared[i % 4096], y[i], 0);
        }
    }

    @Test
    void boxMaskHidesTheBox() {
        float[] m = Mask.box(1, 2, 2, 3).observed(new long[] {1, 1, 4, 6});
        float[] want = {
            1, 1, 1, 1, 1, 1,
            1, 1, 0, 0, 0, 1,
            1, 1, 0, 0, 0, 1,
            1, 1, 1, 1, 1, 1};
        assertArrayEquals(want, m);
    }

    private static int count(float[] m, int from, int len) {
        int n = 0;
        for (int i = from; i < from + len; i++) {
            n += m[i] == 1f ? 1 : 0;
        }
        return n;
    }

    private static double[] fill(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }
}

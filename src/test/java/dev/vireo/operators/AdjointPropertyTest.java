package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.tensor.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ in float64 for every operator, boundary and path, on random shapes. */
class AdjointPropertyTest {
    private static final double TOL = 1e-5;

    @BeforeAll
    static void load() {
        Torch.load();
    }

    private static void assertAdjoint(LinearOperator a, long[] shape, Random r) {
        double gap = OpsTesting.adjointGap(a, shape, r);
        assertTrue(gap <= TOL, () -> a.spec() + " on " + Arrays.toString(shape) + ": relative gap " + gap);
        assertTrue(gap < 1e-12, () -> a.spec() + " is only approximately adjoint in float64: " + gap);
    }

    private static long[] shape(Random r, int maxN, int c, int maxH, int maxW) {
        return new long[] {1 + r.nextInt(maxN), c, 1 + r.nextInt(maxH), 1 + r.nextInt(maxW)};
    }

    @Test
    void totalVariationDifferencesAlongEveryAxis() {
        Random r = new Random(10);
        for (int dim = 0; dim < 4; dim++) {
            for (int trial = 0; trial < 4; trial++) {
                long[] s = shape(r, 6, 1 + r.nextInt(3), 7, 7);
                s[dim] = Math.max(2, s[dim]);
                assertAdjoint(new Difference(dim), s, r);
            }
        }
    }

    @Test
    void frameWindowsOfContextExtendedClips() {
        Random r = new Random(9);
        for (int trial = 0; trial < 8; trial++) {
            int frames = 1 + r.nextInt(9);
            int offset = r.nextInt(frames);
            int count = 1 + r.nextInt(frames - offset);
            assertAdjoint(new FrameWindow(offset, count, frames), new long[] {frames, 1 + r.nextInt(3), 1 + r.nextInt(5), 1 + r.nextInt(5)}, r);
        }
    }

    @Test
    void temporalBlurEveryKindAndBoundary() {
        Random r = new Random(11);
        for (Boundary b : Boundary.values()) {
            for (int trial = 0; trial < 6; trial++) {
                long[] s = shape(r, 9, 1 + r.nextInt(3), 5, 5);
                int k = 1 + r.nextInt(12); // even sizes and k > N included
                double[] taps = new double[1 + r.nextInt(6)];
                for (int i = 0; i < taps.length; i++) {
                    taps[i] = r.nextGaussian();
                }
                assertAdjoint(TemporalBlur.uniform(k, b), s, r);
                assertAdjoint(TemporalBlur.gaussian(0.5 + 2 * r.nextDouble(), k, b), s, r);
                assertAdjoint(TemporalBlur.taps(taps, b), s, r);
            }
        }
    }

    @Test
    void spatialBlurEveryPathAndBoundary() {
        Random r = new Random(12);
        for (Boundary b : Boundary.values()) {
            for (int trial = 0; trial < 4; trial++) {
                long[] s = shape(r, 3, 1 + r.nextInt(3), 11, 11);
                double[][] k = new double[1 + r.nextInt(9)][1 + r.nextInt(9)];
                for (double[] row : k) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = r.nextGaussian();
                    }
                }
                SpatialBlur general = SpatialBlur.of("test", k, b);
                assertAdjoint(general.withMethod(SpatialBlur.Method.DIRECT), s, r);
                assertAdjoint(general.withMethod(SpatialBlur.Method.FFT), s, r);
                SpatialBlur gauss = SpatialBlur.gaussian(0.5 + 2 * r.nextDouble(), 1 + r.nextInt(13), b);
                for (SpatialBlur.Method m : SpatialBlur.Method.values()) {
                    assertAdjoint(gauss.withMethod(m), s, r);
                }
                // Past AxisConv.SHIFT_MAX_TAPS the 1-D passes run as a grouped convolution.
                assertAdjoint(SpatialBlur.gaussian(3, AxisConv.SHIFT_MAX_TAPS + 1 + r.nextInt(9), b), s, r);
                assertAdjoint(SpatialBlur.box(1 + r.nextInt(6), b), s, r);
                assertAdjoint(SpatialBlur.motion(1 + 8 * r.nextDouble(), 360 * r.nextDouble(), b), s, r);
            }
        }
    }

    @Test
    void downsamplingMeanAndBicubicEveryBoundary() {
        Random r = new Random(13);
        for (int trial = 0; trial < 6; trial++) {
            int f = 1 + r.nextInt(4);
            long[] s = {1 + r.nextInt(3), 1 + r.nextInt(3), f * (1 + r.nextInt(6)), f * (1 + r.nextInt(6))};
            assertAdjoint(Downsample.mean(f), s, r);
            for (Boundary b : Boundary.values()) {
                assertAdjoint(Downsample.bicubic(f, b), s, r);
            }
        }
    }

    @Test
    void masksSubsamplingGreyIdentity() {
        Random r = new Random(14);
        for (int trial = 0; trial < 6; trial++) {
            long[] s = shape(r, 7, 3, 9, 9);
            assertAdjoint(Mask.random(r.nextDouble(), r.nextLong(), false), s, r);
            assertAdjoint(Mask.random(r.nextDouble(), r.nextLong(), true), s, r);
            int top = r.nextInt((int) s[2]);
            int left = r.nextInt((int) s[3]);
            assertAdjoint(Mask.box(top, left, 1 + r.nextInt((int) s[2] - top), 1 + r.nextInt((int) s[3] - left)), s, r);
            float[] m = new float[(int) (s[0] * s[2] * s[3])];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextFloat();
            }
            assertAdjoint(Mask.fixed("test", m, (int) s[0], (int) s[2], (int) s[3]), s, r);
            int step = 1 + r.nextInt(4);
            int offset = r.nextInt(Math.min(step, (int) s[0]));
            assertAdjoint(new FrameSubsample(step, offset, s[0]), s, r);
            assertAdjoint(new ColorToGray(), s, r);
            assertAdjoint(new Identity(), s, r);
        }
    }

    @Test
    void randomCompositionsFromSpecs() {
        Random r = new Random(15);
        for (int trial = 0; trial < 40; trial++) {
            long[] s = {1 + r.nextInt(8), 3, 12 * (1 + r.nextInt(2)), 12 * (1 + r.nextInt(3))};
            String spec = randomSpec(r, s);
            LinearOperator a = Degradations.parse(spec, s);
            assertAdjoint(a, s, r);
        }
    }

    /** A random composition that a clip of {@code shape} can go through. */
    static String randomSpec(Random r, long[] shape) {
        long[] s = shape.clone();
        List<String> tokens = new ArrayList<>();
        boolean downDone = false;
        int count = 1 + r.nextInt(4);
        String[] pads = {"circular", "replicate", "reflect", "symmetric", "zero"};
        for (int i = 0; i < count; i++) {
            String pad = ":pad=" + pads[r.nextInt(pads.length)];
            switch (r.nextInt(9)) {
                case 0 -> tokens.add("temporal:uniform:" + (1 + r.nextInt(9)) + pad);
                case 1 -> tokens.add("temporal:gaussian:" + (0.5 + r.nextInt(4) * 0.75) + ":" + (1 + r.nextInt(7)) + pad);
                case 2 -> tokens.add("blur:gaussian:" + (0.5 + r.nextInt(5) * 0.5) + ":" + (1 + r.nextInt(15)) + pad);
                case 3 -> tokens.add("blur:motion:" + (1 + r.nextInt(9)) + ":" + r.nextInt(180) + pad);
                case 4 -> {
                    if (!downDone) {
                        int f = 2 + r.nextInt(3);
                        tokens.add("down:" + f + (r.nextBoolean() ? ":bicubic" + pad : ""));
                        s[2] /= f;
                        s[3] /= f;
                        downDone = true;
                    } else {
                        tokens.add("blur:box:" + (1 + r.nextInt(5)) + pad);
                    }
                }
                case 5 -> tokens.add("mask:random:" + (0.1 + 0.8 * r.nextDouble()) + ":seed=" + r.nextInt(100)
                        + (r.nextBoolean() ? ":per=frame" : ""));
                case 6 -> tokens.add("mask:box:" + r.nextInt((int) s[2]) / 2 + ":" + r.nextInt((int) s[3]) / 2 + ":"
                        + (1 + r.nextInt((int) s[2] / 2)) + ":" + (1 + r.nextInt((int) s[3] / 2)));
                case 7 -> {
                    int step = 1 + r.nextInt(3);
                    tokens.add("subsample:" + step);
                    s[0] = (s[0] + step - 1) / step;
                }
                default -> {
                    if (s[1] == 3) {
                        tokens.add("grey");
                        s[1] = 1;
                    } else {
                        tokens.add("identity");
                    }
                }
            }
        }
        return String.join(",", tokens);
    }
}

package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class SviSolverTest {
    private static final NoiseSchedule LINEAR = NoiseSchedule.linear(1000);

    /** ε̂ that depends nonlinearly on x but only on each frame's own values (so micro-batching is exact). */
    private static Prior perFrameModel() {
        return TestOps.model(3, (x, t) -> x.mul(x).mul(Tensors.scalar(0.1)).add(x, Tensors.scalar(0.5))
                .add(Tensors.scalar(1e-4 * t)));
    }

    private static Problem problem(Tensor clean01, LinearOperator a, double sigmaY, Prior model) {
        return new Problem(a.apply(clean01), a, Tensors.shape(clean01), sigmaY, model);
    }

    @Test
    void oracleModelReturnsTheCleanClip() {
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(8, 8, 8), 8, 3, 8, 8);
        Prior oracle = TestOps.oracle(Steps.toModel(clean), LINEAR);
        LinearOperator a = TestOps.temporalThenDown(7, 2);
        for (double sigmaY : new double[] {0.0, 0.05}) {
            SviSolver svi = new SviSolver(SviOptions.defaults());
            Tensor out = svi.solve(problem(clean, a, sigmaY, oracle), NoiseSources.shared(3), ProgressListener.NONE);
            assertArrayEquals(new long[] {8, 3, 8, 8}, Tensors.shape(out));
            double err = Tensors.maxAbsDiff(out, clean);
            assertTrue(err < 1e-4, "sigma_y " + sigmaY + ": max error " + err);
        }
        // The same with the code's behaviour (no clipping) and the DDIM σ form.
        SviSolver exact = new SviSolver(SviOptions.paperExact().withConvention(NoiseSchedule.EtaConvention.DDIM).withEta(1.0));
        Tensor out = exact.solve(problem(clean, a, 0, oracle), NoiseSources.independent(3), ProgressListener.NONE);
        assertTrue(Tensors.maxAbsDiff(out, clean) < 1e-4);
    }

    @Test
    void updateAlgebraMatchesAHandComputation() {
        // Zero network, A = mean over the 2 frames: one CG step moves x̂₀₁ by (y − mean x̂₀₁) exactly.
        int n = 2;
        long[] shape = {n, 1, 1, 2};
        float[] xT = {0.3f, -1.2f, 0.8f, 0.05f};
        float[] steps = {0.5f, -0.7f, 1.1f, 0.2f, -0.4f, 0.9f, 0.0f, -1.5f, 9f, 9f, 9f, 9f};
        float[] y = {0.35f, 0.6f};
        TimeGrid grid = TimeGrid.of(600, 300, 0);
        double eta = 0.5;
        Prior zero = TestOps.model(1, (x, t) -> x.mul(Tensors.scalar(0.0)));
        SviSolver svi = new SviSolver(SviOptions.defaults().withTimeGrid(grid).withEta(eta));
        Problem p = new Problem(Tensors.fromFloats(y, 1, 1, 1, 2), TestOps.frameMean(n), shape, 0, zero);
        List<float[]> refined = new ArrayList<>();
        Tensor out = svi.solve(p, NoiseSources.given(Tensors.fromFloats(xT, shape), Tensors.fromFloats(steps, 3, n, 1, 1, 2)),
                new ProgressListener() {
                    @Override
                    public void onStep(int step, int total) {}

                    @Override
                    public void onEstimates(int step, int t, Tensor tweedie, Tensor ref) {
                        refined.add(Tensors.toFloats(ref));
                    }
                });

        double[] x = new double[4];
        for (int i = 0; i < 4; i++) {
            x[i] = xT[i];
        }
        for (int k = 0; k < grid.size(); k++) {
            double ab = LINEAR.alphaBar(grid.t(k));
            double[] x01 = new double[4];
            for (int i = 0; i < 4; i++) {
                x01[i] = (Math.max(-1, Math.min(1, x[i] / Math.sqrt(ab))) + 1) / 2;
            }
            double[] bar = new double[4];
            for (int w = 0; w < 2; w++) { // pixel w of frame f sits at index f*2 + w
                double shift = y[w] - (x01[w] + x01[2 + w]) / 2;
                bar[w] = 2 * (x01[w] + shift) - 1;
                bar[2 + w] = 2 * (x01[2 + w] + shift) - 1;
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(bar[i], refined.get(k)[i], 2e-5, "refined step " + k);
            }
            int next = grid.next(k);
            double abn = LINEAR.alphaBar(next);
            for (int i = 0; i < 4; i++) {
                x[i] = next == 0 ? bar[i] : Math.sqrt(abn) * bar[i] + eta * Math.sqrt(1 - abn) * steps[k * 4 + i];
            }
        }
        float[] got = Tensors.toFloats(out);
        for (int i = 0; i < 4; i++) {
            assertEquals((Math.max(-1, Math.min(1, x[i])) + 1) / 2, got[i], 2e-5);
        }
    }

    @Test
    void sameSeedAndMicroBatchesGiveBitIdenticalResults() {
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(6, 8, 8), 6, 3, 8, 8);
        LinearOperator a = TestOps.temporalThenDown(3, 2);
        Problem p = problem(clean, a, 0, perFrameModel());
        SviOptions o = SviOptions.defaults().withNfe(5);
        float[] full = Tensors.toFloats(new SviSolver(o).solve(p, NoiseSources.shared(7), ProgressListener.NONE));
        float[] again = Tensors.toFloats(new SviSolver(o).solve(p, NoiseSources.shared(7), ProgressListener.NONE));
        float[] b1 = Tensors.toFloats(new SviSolver(o.withMicroBatch(1)).solve(p, NoiseSources.shared(7), ProgressListener.NONE));
        float[] b4 = Tensors.toFloats(new SviSolver(o.withMicroBatch(4)).solve(p, NoiseSources.shared(7), ProgressListener.NONE));
        float[] other = Tensors.toFloats(new SviSolver(o).solve(p, NoiseSources.shared(8), ProgressListener.NONE));
        assertArrayEquals(full, again);
        assertArrayEquals(full, b1);
        assertArrayEquals(full, b4);
        assertFalse(Arrays.equals(full, other));
    }

    @Test
    void sharedNoiseIsIdenticalAcrossFramesIndependentIsNot() {
        long[] shape = {4, 3, 8, 8};
        int frame = 3 * 8 * 8;
        float[] shared = Tensors.toFloats(NoiseSources.shared(1).initial(shape));
        float[] sharedStep = Tensors.toFloats(NoiseSources.shared(1).step(2, shape));
        float[] indep = Tensors.toFloats(NoiseSources.independent(1).initial(shape));
        for (int f = 1; f < 4; f++) {
            assertArrayEquals(Arrays.copyOfRange(shared, 0, frame), Arrays.copyOfRange(shared, f * frame, (f + 1) * frame));
            assertArrayEquals(Arrays.copyOfRange(sharedStep, 0, frame), Arrays.copyOfRange(sharedStep, f * frame, (f + 1) * frame));
            assertFalse(Arrays.equals(Arrays.copyOfRange(indep, 0, frame), Arrays.copyOfRange(indep, f * frame, (f + 1) * frame)));
        }
        assertFalse(Arrays.equals(Arrays.copyOfRange(shared, 0, frame), Arrays.copyOfRange(sharedStep, 0, frame)));
        // Standard normal: mean ≈ 0, variance ≈ 1 over 768 draws.
        double mean = 0;
        double sq = 0;
        for (float v : indep) {
            mean += v;
            sq += v * v;
        }
        mean /= indep.length;
        assertEquals(0, mean, 0.12);
        assertEquals(1, sq / indep.length - mean * mean, 0.12);
        // The given source replays exactly and rejects shapes that do not fit.
        Tensor g = Tensors.fromFloats(new float[] {1, 2, 3}, 1, 3, 1, 1);
        NoiseSource given = NoiseSources.given(g, g.unsqueeze(0));
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, Tensors.toFloats(given.step(0, new long[] {2, 3, 1, 1})));
        assertThrows(InvalidInputException.class, () -> given.step(1, new long[] {2, 3, 1, 1}));
        assertThrows(InvalidInputException.class, () -> given.initial(new long[] {2, 3, 2, 1}));
    }

    @Test
    void ablationsDifferFromTheMethodAndReportProgress() {
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(4, 8, 8), 4, 3, 8, 8);
        Problem p = problem(clean, TestOps.temporalThenDown(3, 2), 0, perFrameModel());
        List<Integer> seen = new ArrayList<>();
        SviSolver svi = (SviSolver) Solvers.create("svi", java.util.Map.of("nfe", "4"));
        float[] base = Tensors.toFloats(svi.solve(p, svi.defaultNoise(0), (i, n) -> {
            assertEquals(4, n);
            seen.add(i);
        }));
        assertEquals(List.of(0, 1, 2, 3), seen);
        for (String m : new String[] {"svi-gd", "svi-independent"}) {
            Solver s = Solvers.create(m, java.util.Map.of("nfe", "4"));
            assertEquals(m, s.name());
            Tensor out = s.solve(p, s.defaultNoise(0), ProgressListener.NONE);
            float[] o = Tensors.toFloats(out);
            assertFalse(Arrays.equals(base, o), m);
            // The ablations still enforce the measurement: A x reproduces y closely.
            double fit = TestOps.psnr(p.operator().apply(out), p.y());
            assertTrue(fit > 30, m + ": measurement fit " + fit + " dB");
        }
    }

    @Test
    void proximalStepSolvesTheDdsSystem() {
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(4, 8, 8), 4, 3, 8, 8);
        LinearOperator a = TestOps.temporalThenDown(3, 2);
        Tensor y = a.apply(clean).add(Tensors.fromFloats(NoiseSources.gaussian(9, 0, 4 * 3 * 16), 4, 3, 4, 4), Tensors.scalar(0.05));
        Problem p = new Problem(y, a, new long[] {4, 3, 8, 8}, 0.05, perFrameModel());
        double gamma = 2.0;
        Tensor aty = a.adjoint(y);
        double[] rel = new double[1];
        new SviSolver(SviOptions.defaults().withNfe(3).withGamma(gamma)).solve(p, NoiseSources.shared(0), new ProgressListener() {
            @Override
            public void onStep(int step, int total) {}

            @Override
            public void onEstimates(int step, int t, Tensor tweedie, Tensor refined) {
                Tensor x01 = Steps.toClip(refined);
                Tensor rhs = Steps.toClip(tweedie).add(aty, Tensors.scalar(gamma));
                Tensor r = x01.add(a.normal(x01), Tensors.scalar(gamma)).sub(rhs);
                rel[0] = Math.max(rel[0], Math.sqrt(Tensors.dot(r, r) / Tensors.dot(rhs, rhs)));
            }
        });
        assertTrue(rel[0] < 1e-4, "relative residual of (I + γAᵀA)x = x̂₀ + γAᵀy: " + rel[0]);
    }

    @Test
    void rejectsBadInput() {
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(4, 8, 8), 4, 3, 8, 8);
        LinearOperator a = TestOps.temporalThenDown(3, 2);
        assertThrows(InvalidInputException.class, () -> new SviSolver(SviOptions.defaults())
                .solve(problem(clean, a, 0, null), NoiseSources.shared(0), ProgressListener.NONE));
        assertThrows(InvalidInputException.class, () -> new Problem(clean, a, new long[] {4, 3, 8, 8}, 0, null));
        assertThrows(InvalidInputException.class, () -> SviOptions.defaults().withEta(1.5));
        assertThrows(InvalidInputException.class, () -> new SviSolver(SviOptions.defaults().withTimeGrid(TimeGrid.of(1000, 0)))
                .solve(problem(clean, a, 0, perFrameModel()), NoiseSources.shared(0), ProgressListener.NONE));
    }
}

package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import dev.vireo.model.Prior;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.tensor.Tensors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Runs the svi solver exactly as the fixture was made (manifest.json "svi": vireo-tiny, 8 frames of 64²,
 * A = 2×2 block mean ∘ 7-frame circular mean, timesteps 800, 600, 400, 200, 0, η 0.15 with the code's split,
 * l = 5, tol 1e-5, no clipping, the given x_T and step noise) with any {@link Prior} and
 * reports the largest deviations from svi_tweedie / svi_refined / svi_out. Reusable for the real network:
 * {@code SviFixtureParity.assertParity(Models.prior("vireo-tiny", null), 1e-3)}.
 */
final class SviFixtureParity {
    static final TimeGrid GRID = TimeGrid.of(800, 600, 400, 200, 0);

    private SviFixtureParity() {}

    /** Largest absolute errors in the model domain [−1, 1] scale. */
    record Result(double tweedie, double refined, double out) {
        double max() {
            return Math.max(tweedie, Math.max(refined, out));
        }
    }

    static float[] load(String name) throws IOException {
        return Npy.read(SharedData.fixture(name)).data();
    }

    static Result run(Prior model) throws IOException {
        Npy.Array gt = Npy.read(SharedData.fixture("svi_gt.npy"));
        long[] shape = gt.shape();
        Npy.Array y = Npy.read(SharedData.fixture("svi_y.npy"));
        Npy.Array xT = Npy.read(SharedData.fixture("svi_xT.npy"));
        Npy.Array noise = Npy.read(SharedData.fixture("svi_noise.npy"));
        float[] tweedie = load("svi_tweedie.npy");
        float[] refined = load("svi_refined.npy");
        float[] out = load("svi_out.npy");
        int per = Math.toIntExact(Tensors.numel(shape));

        SviOptions options = SviOptions.paperExact().withTimeGrid(GRID).withEta(0.15).withCgSteps(5).withCgTol(1e-5);
        Problem problem = new Problem(Tensors.fromFloats(y.data(), y.shape()), TestOps.temporalThenDown(7, 2), shape, 0, model);
        NoiseSource given = NoiseSources.given(Tensors.fromFloats(xT.data(), xT.shape()), Tensors.fromFloats(noise.data(), noise.shape()));
        double[] err = new double[2];
        List<Integer> steps = new ArrayList<>();
        Tensor result = new SviSolver(options).solve(problem, given, new ProgressListener() {
            @Override
            public void onStep(int step, int total) {}

            @Override
            public void onEstimates(int step, int t, Tensor tw, Tensor ref) {
                steps.add(t);
                err[0] = Math.max(err[0], maxAbs(Tensors.toFloats(tw), tweedie, step * per));
                err[1] = Math.max(err[1], maxAbs(Tensors.toFloats(ref), refined, step * per));
            }
        });
        if (!steps.equals(List.of(800, 600, 400, 200, 0))) {
            throw new AssertionError("visited timesteps " + steps);
        }
        // The solver returns clamp(x, −1, 1) mapped to [0, 1]; compare in the model scale.
        float[] got = Tensors.toFloats(result);
        double outErr = 0;
        for (int i = 0; i < per; i++) {
            double want = Math.max(-1, Math.min(1, out[i]));
            outErr = Math.max(outErr, Math.abs(2.0 * got[i] - 1.0 - want));
        }
        return new Result(err[0], err[1], outErr);
    }

    static void assertParity(Prior model, double tolerance) throws IOException {
        Result r = run(model);
        System.out.println("svi fixture parity, max abs error: " + r);
        assertTrue(r.max() <= tolerance, "svi fixture parity: " + r);
    }

    static double maxAbs(float[] a, float[] b, int offset) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[offset + i]));
        }
        return m;
    }
}

package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class BaselineSolversTest {
    /** Nearest-neighbour 2× upsampling of y: the naive estimate for A = 2×2 block mean ∘ temporal mean. */
    private static Tensor naive(Tensor y) {
        long[] z = Tensors.shape(y);
        return y.reshape(z[0], z[1], z[2], 1, z[3], 1).expand(z[0], z[1], z[2], 2, z[3], 2).reshape(z[0], z[1], z[2] * 2, z[3] * 2);
    }

    @Test
    void cgAndAdmmTvBeatTheNaiveEstimate() {
        long[] shape = {8, 3, 16, 16};
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(8, 16, 16), shape);
        LinearOperator a = TestOps.temporalThenDown(7, 2);
        Problem p = new Problem(a.apply(clean), a, shape, 0, null);
        double naive = TestOps.psnr(naive(p.y()), clean);
        double adjoint = TestOps.psnr(a.adjoint(p.y()), clean);
        Solver cg = Solvers.create("cg");
        Solver tv = Solvers.create("admm-tv");
        double pCg = TestOps.psnr(cg.solve(p, cg.defaultNoise(0), ProgressListener.NONE), clean);
        int[] iterations = {0};
        double pTv = TestOps.psnr(tv.solve(p, tv.defaultNoise(0), (i, n) -> iterations[0] = n), clean);
        String msg = String.format("PSNR naive %.2f, Aᵀy %.2f, cg %.2f, admm-tv %.2f", naive, adjoint, pCg, pTv);
        assertTrue(pCg > naive + 3 && pTv > naive + 3, msg);
        assertTrue(iterations[0] == AdmmTvOptions.defaults().iterations(), msg);
    }

    @Test
    void tikhonovCgConvergesToTheRegularisedSolution() {
        long[] shape = {8, 3, 8, 8};
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(8, 8, 8), shape);
        LinearOperator a = TestOps.temporalThenDown(7, 2);
        Problem p = new Problem(a.apply(clean), a, shape, 0, null);
        double lambda = 0.05;
        Tensor x = new CgSolver(CgOptions.defaults().withLambda(lambda).withCgSteps(60)).solve(p, null, ProgressListener.NONE);
        // (AᵀA + λI) x = Aᵀy holds (values stay inside [0, 1], so the final clamp is inactive).
        Tensor r = a.normal(x).add(x, Tensors.scalar(lambda)).sub(a.adjoint(p.y()));
        assertTrue(Math.sqrt(Tensors.dot(r, r)) < 1e-4, "residual " + Math.sqrt(Tensors.dot(r, r)));
    }
}

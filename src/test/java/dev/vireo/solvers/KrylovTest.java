package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class KrylovTest {
    private static Tensor gaussian(long seed, long... shape) {
        return Tensors.fromFloats(NoiseSources.gaussian(seed, 0, (int) Tensors.numel(shape)), shape);
    }

    @Test
    void cgSolvesSmallSpdSystemInNSteps() {
        Tensor b0 = gaussian(1, 8, 6);
        Tensor bt = b0.t().contiguous();
        // M = BᵀB + 0.1 I, 6×6 SPD: CG is exact after 6 steps (up to rounding).
        UnaryOperator<Tensor> m = v -> torch.matmul(bt, torch.matmul(b0, v)).add(v, Tensors.scalar(0.1));
        Tensor xTrue = gaussian(2, 6, 1);
        Tensor rhs = m.apply(xTrue);
        Tensor x = Krylov.conjugateGradient(m, rhs, Tensors.zeros(6, 1), 6, 0);
        assertTrue(Tensors.maxAbsDiff(x, xTrue) < 1e-4, "error " + Tensors.maxAbsDiff(x, xTrue));
        Tensor x3 = Krylov.conjugateGradient(m, rhs, Tensors.zeros(6, 1), 3, 0);
        assertTrue(Tensors.maxAbsDiff(x3, xTrue) > 1e-3, "3 steps should not be exact on a 6-dim problem");
    }

    @Test
    void cgInvertsCircularTemporalBlurWithEnoughSteps() {
        LinearOperator a = TestOps.temporalThenDown(7, 1);
        Tensor xTrue = Tensors.fromFloats(TestOps.smoothClip(16, 8, 8), 16, 3, 8, 8)
                .add(gaussian(3, 16, 3, 8, 8), Tensors.scalar(0.1));
        Tensor aty = a.adjoint(a.apply(xTrue));
        Tensor start = Tensors.zeros(16, 3, 8, 8).add(Tensors.scalar(0.5));
        // AᵀA has 9 distinct eigenvalues: 9 steps suffice in exact arithmetic; float32 needs a few more.
        double err5 = Tensors.maxAbsDiff(Krylov.conjugateGradient(a::normal, aty, start, 5, 0), xTrue);
        double err30 = Tensors.maxAbsDiff(Krylov.conjugateGradient(a::normal, aty, start, 30, 1e-7), xTrue);
        assertTrue(err30 < 2e-3, "30 steps: " + err30);
        assertTrue(err5 > 10 * err30, "5 steps stop early: " + err5);
    }

    @Test
    void steepestDescentDecreasesResidualMonotonically() {
        LinearOperator a = TestOps.temporalThenDown(7, 2);
        Tensor xTrue = Tensors.fromFloats(TestOps.smoothClip(8, 8, 8), 8, 3, 8, 8);
        Tensor y = a.apply(xTrue);
        Tensor aty = a.adjoint(y);
        Tensor start = Tensors.zeros(8, 3, 8, 8).add(Tensors.scalar(0.5));
        // Exact line search minimises ½‖A x − y‖² along each step, so the measurement residual falls
        // monotonically (the normal-equation residual AᵀA x − Aᵀy need not).
        double prev = Double.POSITIVE_INFINITY;
        for (int l = 0; l <= 8; l++) {
            Tensor x = Krylov.steepestDescent(a::normal, aty, start, l, 0);
            Tensor r = y.sub(a.apply(x));
            double norm = Math.sqrt(Tensors.dot(r, r));
            assertTrue(norm < prev, "step " + l + ": " + norm + " ≥ " + prev);
            prev = norm;
        }
        // CG does better than GD for the same number of steps (the §3.3 ablation's point).
        Tensor cg = Krylov.conjugateGradient(a::normal, aty, start, 8, 0);
        Tensor rc = y.sub(a.apply(cg));
        assertTrue(Math.sqrt(Tensors.dot(rc, rc)) < prev);
    }

    @Test
    void adjointOfTestOperatorIsExact() {
        LinearOperator a = TestOps.temporalThenDown(7, 2);
        Tensor x = gaussian(4, 8, 3, 8, 8);
        Tensor y = gaussian(5, 8, 3, 4, 4);
        assertEquals(Tensors.dot(a.apply(x), y), Tensors.dot(x, a.adjoint(y)), 1e-4);
    }
}

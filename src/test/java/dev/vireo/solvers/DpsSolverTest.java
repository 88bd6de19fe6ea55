package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class DpsSolverTest {
    private static final double K = 0.7;

    /** ε̂ = K·x + 0.05·x²: differentiable, per-element, with a known derivative. */
    private static Prior smoothModel() {
        return TestOps.model(3, (x, t) -> x.mul(Tensors.scalar(K)).add(x.mul(x), Tensors.scalar(0.05)));
    }

    @Test
    void guidanceGradientIsBackPropagatedThroughTheNetwork() {
        LinearOperator a = TestOps.temporalThenDown(3, 2);
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(4, 4, 4), 4, 3, 4, 4);
        Problem p = new Problem(a.apply(clean), a, new long[] {4, 3, 4, 4}, 0, smoothModel());
        Tensor x = NoiseSources.independent(1).initial(new long[] {4, 3, 4, 4});
        double ab = NoiseSchedule.linear(1000).alphaBar(500);
        DpsSolver.Guided g = DpsSolver.guidance(p.prior(), p, x, 500, ab, false);

        // x̂₀ = (x − s(Kx + 0.05x²))/√ᾱ, s = √(1−ᾱ); ∂x̂₀/∂x = (1 − s(K + 0.1x))/√ᾱ elementwise;
        // with r = y − A((x̂₀+1)/2) and the loss Σ_f ‖2r_f‖ over measurement frames f:
        // ∇ = −∂x̂₀/∂x ⊙ Aᵀu, u_f = r_f/‖r_f‖.
        double s = Math.sqrt(1 - ab);
        Tensor x0 = x.sub(x.mul(Tensors.scalar(K)).add(x.mul(x), Tensors.scalar(0.05)), Tensors.scalar(s)).div(Tensors.scalar(Math.sqrt(ab)));
        Tensor r = p.y().sub(a.apply(Steps.toClip(x0)));
        long frames = Tensors.shape(r)[0];
        Tensor[] u = new Tensor[(int) frames];
        double loss = 0;
        for (int f = 0; f < frames; f++) {
            Tensor rf = r.select(0, f);
            double nf = Math.sqrt(Tensors.dot(rf, rf));
            loss += 2 * nf;
            u[f] = rf.div(Tensors.scalar(nf)).unsqueeze(0);
        }
        Tensor jac = x.mul(Tensors.scalar(-0.1 * s)).add(Tensors.scalar(1 - s * K)).div(Tensors.scalar(Math.sqrt(ab)));
        Tensor want = a.adjoint(torch.cat(new TensorVector(u), 0)).mul(jac).neg();
        assertTrue(frames > 1, "the test needs several measurement frames");
        assertEquals(loss, g.loss(), 1e-4 * loss);
        assertTrue(Tensors.maxAbsDiff(g.x0(), x0) < 1e-5);
        double scale = want.abs().max().item_double();
        assertTrue(Tensors.maxAbsDiff(g.gradient(), want) < 1e-4 * scale, "gradient error " + Tensors.maxAbsDiff(g.gradient(), want) + " of " + scale);
    }

    @Test
    void guidanceReducesTheMeasurementResidual() {
        LinearOperator a = TestOps.temporalThenDown(3, 2);
        long[] shape = {4, 3, 8, 8};
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(4, 8, 8), shape);
        Problem p = new Problem(a.apply(clean), a, shape, 0, smoothModel());
        int[] calls = {0};
        Tensor guided = new DpsSolver(DpsOptions.defaults().withNfe(10).withZeta(2.5)).solve(p, NoiseSources.independent(4),
                (i, n) -> calls[0]++);
        Tensor free = new DpsSolver(DpsOptions.defaults().withNfe(10).withZeta(0.0)).solve(p, NoiseSources.independent(4),
                ProgressListener.NONE);
        Tensor start = Steps.toClip(Steps.clamp(NoiseSources.independent(4).initial(shape), -1, 1));
        double rg = residual(p, guided);
        double rf = residual(p, free);
        double r0 = residual(p, start);
        assertEquals(10, calls[0]);
        assertTrue(rg < 0.5 * rf && rg < 0.5 * r0, "residual guided " + rg + ", unguided " + rf + ", start " + r0);
    }

    private static double residual(Problem p, Tensor x01) {
        Tensor r = p.y().sub(p.operator().apply(x01));
        return Math.sqrt(Tensors.dot(r, r));
    }
}

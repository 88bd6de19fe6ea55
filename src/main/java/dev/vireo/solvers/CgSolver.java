package dev.vireo.solvers;

import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Classical baseline without a prior: CG on (AᵀA + λI) x = Aᵀy from a constant 0.5 clip, clamped to [0, 1]. */
public final class CgSolver extends PriorFreeSolver<CgOptions> {
    public CgSolver(CgOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "cg";
    }

    @Override
    public Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress) {
        LinearOperator a = problem.operator();
        double lambda = options().lambda();
        UnaryOperator<Tensor> m = lambda > 0 ? v -> a.normal(v).add(v, Tensors.scalar(lambda)) : a::normal;
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor start = greyStart(problem.clipShape());
            Tensor x = Krylov.conjugateGradient(m, a.adjoint(problem.y()), start, options().cgSteps(), 0.0);
            Tensor result = clipResult(x);
            progress.onStep(0, 1);
            return result;
        }
    }
}

package dev.vireo.solvers;

import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Classical baseline without a prior: CG on (AᵀA + λI) x = Aᵀy from a constant 0.5 clip, clamped to [0, 1]. */
public final class CgSolver implements Solver {
    private final CgOptions options;

    public CgSolver(CgOptions options) {
        this.options = options;
    }

    public CgOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "cg";
    }

    @Override
    public boolean needsModel() {
        return false;
    }

    @Override
    public Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress) {
        Steps.initDevice();
        LinearOperator a = problem.operator();
        double lambda = options.lambda();
        UnaryOperator<Tensor> m = lambda > 0 ? v -> a.normal(v).add(v, Tensors.scalar(lambda)) : a::normal;
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor start = Tensors.zeros(problem.clipShape()).add(Tensors.scalar(0.5));
            Tensor x = Krylov.conjugateGradient(m, a.adjoint(problem.y()), start, options.steps(), 0.0);
            Tensor result = Steps.keep(Steps.clamp(x, 0, 1));
            progress.onStep(0, 1);
            return result;
        }
    }
}

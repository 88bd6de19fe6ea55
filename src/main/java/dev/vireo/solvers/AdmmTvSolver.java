package dev.vireo.solvers;

import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Classical baseline: 3-D anisotropic total variation by ADMM (scaled form). D_d are forward differences
 * along time (dim 0), height (2) and width (3) without wrap-around (Neumann ends); per iteration
 * x ← CG on (AᵀA + ρ Σ D_dᵀD_d) x = Aᵀy + ρ Σ D_dᵀ(z_d − u_d), z_d ← shrink(D_d x + u_d, λ/ρ),
 * u_d ← u_d + D_d x − z_d. Starts from a constant 0.5 clip; the result is clamped to [0, 1].
 */
public final class AdmmTvSolver extends PriorFreeSolver<AdmmTvOptions> {
    public AdmmTvSolver(AdmmTvOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "admm-tv";
    }

    @Override
    public Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress) {
        Steps.initDevice();
        LinearOperator a = problem.operator();
        long[] shape = problem.clipShape();
        List<Integer> dims = new ArrayList<>();
        for (int d : new int[] {0, 2, 3}) {
            if (shape[d] > 1) {
                dims.add(d);
            }
        }
        double rho = options().rho();
        double kappa = options().lambda() / rho;
        UnaryOperator<Tensor> m = v -> {
            Tensor out = a.normal(v);
            for (int d : dims) {
                out = out.add(diffAdjoint(diff(v, d), d), Tensors.scalar(rho));
            }
            return out;
        };
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor aty;
            Tensor x;
            Tensor[] z = new Tensor[dims.size()];
            Tensor[] u = new Tensor[dims.size()];
            try (PointerScope setup = new PointerScope()) {
                aty = Steps.keep(a.adjoint(problem.y()));
                x = Steps.keep(greyStart(shape));
                for (int k = 0; k < dims.size(); k++) {
                    z[k] = Steps.keep(diff(x, dims.get(k)));
                    u[k] = Steps.keep(torch.zeros_like(z[k]));
                }
            }
            for (int it = 0; it < options().iterations(); it++) {
                try (PointerScope step = new PointerScope()) {
                    Tensor b = aty;
                    for (int k = 0; k < dims.size(); k++) {
                        b = b.add(diffAdjoint(z[k].sub(u[k]), dims.get(k)), Tensors.scalar(rho));
                    }
                    Tensor nx = Steps.keep(Krylov.conjugateGradient(m, b, x, options().cgSteps(), 0.0));
                    Steps.drop(x);
                    x = nx;
                    for (int k = 0; k < dims.size(); k++) {
                        Tensor dx = diff(x, dims.get(k));
                        Tensor v = dx.add(u[k]);
                        Tensor nz = Steps.keep(v.sign().mul(v.abs().sub(Tensors.scalar(kappa)).clamp_min(Tensors.scalar(0.0))));
                        Tensor nu = Steps.keep(v.sub(nz));
                        Steps.drop(z[k]);
                        Steps.drop(u[k]);
                        z[k] = nz;
                        u[k] = nu;
                    }
                }
                progress.onStep(it, options().iterations());
            }
            Steps.drop(aty);
            for (int k = 0; k < dims.size(); k++) {
                Steps.drop(z[k]);
                Steps.drop(u[k]);
            }
            try (PointerScope out = new PointerScope()) {
                Tensor result = clipResult(x);
                Steps.drop(x);
                return result;
            }
        }
    }

    /** Forward difference along {@code d}: x[i+1] − x[i], one element shorter. */
    static Tensor diff(Tensor x, int d) {
        long n = Tensors.shape(x)[d];
        return x.narrow(d, 1, n - 1).sub(x.narrow(d, 0, n - 1));
    }

    /** The exact adjoint of {@link #diff}: (Dᵀz)[i] = z[i−1] − z[i] with z[−1] = z[n−1] = 0. */
    static Tensor diffAdjoint(Tensor z, int d) {
        Tensor zero = torch.zeros_like(z.narrow(d, 0, 1));
        return torch.cat(new TensorVector(zero, z), d).sub(torch.cat(new TensorVector(z, zero), d));
    }
}

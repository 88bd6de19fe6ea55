package dev.vireo.solvers;

import dev.vireo.operators.LinearOperator;
import dev.vireo.operators.Difference;
import dev.vireo.tensor.Carry;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
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
        LinearOperator a = problem.operator();
        long[] shape = problem.clipShape();
        List<Difference> diffs = new ArrayList<>();
        for (int d : new int[] {0, 2, 3}) {
            if (shape[d] > 1) {
                diffs.add(new Difference(d));
            }
        }
        double rho = options().rho();
        double kappa = options().lambda() / rho;
        UnaryOperator<Tensor> m = v -> {
            Tensor out = a.normal(v);
            for (Difference d : diffs) {
                out = out.add(d.normal(v), Tensors.scalar(rho));
            }
            return out;
        };
        List<Carry> state = new ArrayList<>();
        try (NoGradGuard noGrad = new NoGradGuard(); Carry aty = new Carry(); Carry x = new Carry()) {
            List<Carry> z = new ArrayList<>();
            List<Carry> u = new ArrayList<>();
            try (PointerScope setup = new PointerScope()) {
                aty.set(a.adjoint(problem.y()));
                x.set(greyStart(shape));
                for (Difference d : diffs) {
                    Tensor dx = d.apply(x.get());
                    z.add(track(state, new Carry(dx)));
                    u.add(track(state, new Carry(torch.zeros_like(dx))));
                }
            }
            for (int it = 0; it < options().iterations(); it++) {
                try (PointerScope step = new PointerScope()) {
                    Tensor b = aty.get();
                    for (int k = 0; k < diffs.size(); k++) {
                        b = b.add(diffs.get(k).adjoint(z.get(k).get().sub(u.get(k).get())), Tensors.scalar(rho));
                    }
                    x.set(Krylov.conjugateGradient(m, b, x.get(), options().cgSteps(), 0.0));
                    for (int k = 0; k < diffs.size(); k++) {
                        Tensor v = diffs.get(k).apply(x.get()).add(u.get(k).get());
                        Tensor nz = v.sign().mul(v.abs().sub(Tensors.scalar(kappa)).clamp_min(Tensors.scalar(0.0)));
                        z.get(k).set(nz);
                        u.get(k).set(v.sub(nz));
                    }
                }
                progress.onStep(it, options().iterations());
            }
            try (PointerScope out = new PointerScope()) {
                return clipResult(x.get());
            }
        } finally {
            state.forEach(Carry::close);
        }
    }

    private static Carry track(List<Carry> state, Carry c) {
        state.add(c);
        return c;
    }
}

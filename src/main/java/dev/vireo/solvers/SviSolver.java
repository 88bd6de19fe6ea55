package dev.vireo.solvers;

import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.tensor.Carry;
import dev.vireo.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The batch-consistent diffusion solver (Kwon &amp; Ye, paper.md §2) and its ablations. Per step (t → t'):
 * ε̂ from the network on all frames as one batch; Tweedie x̂₀; optional clip to [−1, 1]; l CG (or GD) steps
 * on the data term over the whole clip in [0, 1] starting at x̂₀; back to [−1, 1] as x̄; then
 * x_{t'} = √ᾱ' x̄ + c1 e + c2 ε̂ with e from the noise source, except that t' = 0 sets x = x̄ (the two-stage
 * ending of the reference: the pair 0 → −1 then gives the refined estimate at t = 0). With
 * {@code warm-start} below 1 the run starts instead at the first grid time t0 ≤ warm-start·T from the problem's start
 * clip x_init, diffused with the noise source's initial image: x_t0 = √ᾱ_t0 x_init + √(1−ᾱ_t0) e (Chung et al.,
 * Come-Closer-Diffuse-Faster, CVPR 2022), and visits only the grid from t0 on.
 */
public final class SviSolver implements Solver {
    private final SviOptions options;

    public SviSolver(SviOptions options) {
        this.options = options;
    }

    @Override
    public SviOptions options() {
        return options;
    }

    @Override
    public String name() {
        if (options.descent() == SviOptions.Descent.GD) {
            return "svi-gd";
        }
        return options.sharedNoise() ? "svi" : "svi-independent";
    }

    @Override
    public boolean needsPrior() {
        return true;
    }

    @Override
    public NoiseSource defaultNoise(long seed) {
        return options.sharedNoise() ? NoiseSources.shared(seed) : NoiseSources.independent(seed);
    }

    @Override
    public boolean usesStart() {
        return options.warm();
    }

    @Override
    public Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress) {
        Prior prior = problem.requirePrior(name());
        NoiseSchedule schedule = prior.schedule();
        TimeGrid grid = options.grid(schedule.steps());
        Steps.checkGrid(grid, schedule);
        long[] shape = problem.clipShape();
        LinearOperator a = problem.operator();
        boolean proximal = switch (options.consistency()) {
            case NOISELESS -> false;
            case PROXIMAL -> true;
            case AUTO -> problem.sigmaY() > 0;
        };
        double gamma = options.gamma();
        UnaryOperator<Tensor> normal = proximal ? v -> v.add(a.normal(v), Tensors.scalar(gamma)) : a::normal;

        int first = options.warm() ? firstStep(grid, options.warmStart() * schedule.steps()) : 0;
        Tensor start = options.warm() ? problem.requireStart(name()) : null;

        try (NoGradGuard noGrad = new NoGradGuard(); Carry aty = new Carry(); Carry x = new Carry()) {
            try (PointerScope setup = new PointerScope()) {
                aty.set(a.adjoint(problem.y()));
                Tensor e = noise.initial(shape);
                if (start == null) {
                    x.set(e.contiguous().clone());
                } else {
                    double ab = schedule.alphaBar(grid.t(first));
                    x.set(Steps.toModel(start).mul(Tensors.scalar(Math.sqrt(ab))).add(e, Tensors.scalar(Math.sqrt(1 - ab))));
                }
            }
            for (int i = first; i < grid.size(); i++) {
                int t = grid.t(i);
                int next = grid.next(i);
                try (PointerScope step = new PointerScope()) {
                    Tensor eps = Steps.epsilon(prior, x.get(), t, options.microBatch());
                    Tensor x0 = Steps.tweedie(x.get(), eps, schedule.alphaBar(t));
                    if (options.clipTweedie()) {
                        x0 = Steps.clamp(x0, -1, 1);
                    }
                    Tensor x01 = Steps.toClip(x0);
                    Tensor b = proximal ? x01.add(aty.get(), Tensors.scalar(gamma)) : aty.get();
                    Tensor refined01 = options.descent() == SviOptions.Descent.CG
                            ? Krylov.conjugateGradient(normal, b, x01, options.cgSteps(), options.cgTol())
                            : Krylov.steepestDescent(normal, b, x01, options.cgSteps(), options.cgTol());
                    Tensor refined = Steps.toModel(refined01);
                    progress.onEstimates(i, t, x0, refined);
                    Tensor nextX = refined;
                    if (next != 0) {
                        NoiseSchedule.Renoise c = schedule.renoise(t, next, options.eta(), options.convention());
                        nextX = refined.mul(Tensors.scalar(c.signal())).add(eps, Tensors.scalar(c.eps()));
                        if (c.noise() != 0) { // the last pair (t' = −1) has no noise share
                            nextX = nextX.add(noise.step(i, shape), Tensors.scalar(c.noise()));
                        }
                    }
                    x.set(nextX);
                }
                progress.onStep(i - first, grid.size() - first);
            }
            try (PointerScope out = new PointerScope(); Carry result = new Carry(Steps.toClip(Steps.clamp(x.get(), -1, 1)))) {
                return result.take();
            }
        }
    }

    /** The first grid index whose time is at most {@code t0} (the grid ends at 0, so there is one). */
    private static int firstStep(TimeGrid grid, double t0) {
        for (int i = 0; i < grid.size(); i++) {
            if (grid.t(i) <= t0) {
                return i;
            }
        }
        return grid.size() - 1;
    }
}

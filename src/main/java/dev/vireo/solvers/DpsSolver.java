package dev.vireo.solvers;

import dev.vireo.model.Prior;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.tensor.Carry;
import dev.vireo.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Diffusion posterior sampling (Chung et al. 2023) applied frame-wise (frames = batch), the paper's 2-D
 * diffusion baseline. Per step t → t': x̂₀(x_t) from the network with autograd on; g = ∇_{x_t} Σ_f ‖r_f‖ with
 * r = 2(y − A((x̂₀+1)/2)) and f the measurement frames, back-propagated through the network;
 * x_{t'} = DDPM posterior mean(x̂₀, x_t) + σ̃ z − ζ g with the fixed posterior variance σ̃² = β̃ (the learned
 * variance channels are not used). The residual is taken in the network's [−1, 1] units and its norm per frame,
 * so ζ means what it means in the DPS paper and code (one image per norm): a single whole-clip norm would divide
 * each frame's step by about √frames. The whole clip is one autograd graph, so memory grows with the frame count
 * (no micro-batching). The model's forward must not disable gradients itself.
 */
public final class DpsSolver implements Solver {
    private final DpsOptions options;

    public DpsSolver(DpsOptions options) {
        this.options = options;
    }

    @Override
    public DpsOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "dps";
    }

    @Override
    public boolean needsPrior() {
        return true;
    }

    @Override
    public NoiseSource defaultNoise(long seed) {
        return NoiseSources.independent(seed);
    }

    @Override
    public Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress) {
        Prior prior = problem.requirePrior(name());
        NoiseSchedule schedule = prior.schedule();
        TimeGrid grid = TimeGrid.reference(options.nfe(), schedule.steps());
        long[] shape = problem.clipShape();
        try (Carry x = new Carry()) {
            try (PointerScope setup = new PointerScope()) {
                x.set(noise.initial(shape).contiguous().clone());
            }
            for (int i = 0; i < grid.size(); i++) {
                int t = grid.t(i);
                int next = grid.next(i);
                double ab = schedule.alphaBar(t);
                double abNext = schedule.alphaBar(next);
                try (PointerScope step = new PointerScope()) {
                    Guided g = guidance(prior, problem, x.get(), t, ab, options.clipTweedie());
                    try (NoGradGuard noGrad = new NoGradGuard()) {
                        double alpha = ab / abNext;
                        double beta = 1.0 - alpha;
                        double meanX0 = Math.sqrt(abNext) * beta / (1.0 - ab);
                        double meanXt = Math.sqrt(alpha) * (1.0 - abNext) / (1.0 - ab);
                        double variance = beta * (1.0 - abNext) / (1.0 - ab);
                        Tensor nextX = g.x0().mul(Tensors.scalar(meanX0)).add(x.get(), Tensors.scalar(meanXt));
                        if (variance > 0) {
                            nextX = nextX.add(noise.step(i, shape), Tensors.scalar(Math.sqrt(variance)));
                        }
                        nextX = nextX.sub(g.gradient(), Tensors.scalar(options.zeta()));
                        progress.onEstimates(i, t, g.x0(), g.x0());
                        x.set(nextX);
                    }
                }
                progress.onStep(i, grid.size());
            }
            try (PointerScope out = new PointerScope(); NoGradGuard noGrad = new NoGradGuard();
                    Carry result = new Carry(Steps.toClip(Steps.clamp(x.get(), -1, 1)))) {
                return result.take();
            }
        }
    }

    /** x̂₀ (detached), the guidance gradient ∇_{x_t} Σ_f ‖r_f‖ and that sum, for the current x_t. */
    record Guided(Tensor x0, Tensor gradient, double loss) {}

    static Guided guidance(Prior prior, Problem problem, Tensor x, int t, double alphaBar, boolean clip) {
        try (AutoGradMode grad = new AutoGradMode(true)) {
            Tensor xg = x.detach().requires_grad_(true);
            Tensor eps = prior.epsilon(xg, t);
            Tensor x0 = Steps.tweedie(xg, eps, alphaBar);
            if (clip) {
                x0 = Steps.clamp(x0, -1, 1);
            }
            Tensor residual = problem.y().sub(problem.operator().apply(Steps.toClip(x0))).mul(Tensors.scalar(2.0));
            Tensor loss = residual.square().flatten(1, -1).sum(new long[] {1}, false, new ScalarTypeOptional()).sqrt().sum();
            loss.backward();
            return new Guided(x0.detach(), xg.grad(), loss.item_double());
        }
    }
}

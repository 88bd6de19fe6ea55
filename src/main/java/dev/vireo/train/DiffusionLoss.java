package dev.vireo.train;

import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * guided-diffusion's ε-prediction objective ({@code LossType.MSE}, {@code ModelMeanType.EPSILON}): t
 * uniform in 0..T−1, x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, loss = mean over all elements of (ε̂(x_t, t) − ε)². Only
 * the first C output channels are trained (a learn_sigma model's variance channels get no gradient).
 */
public final class DiffusionLoss {
    /** The network as the loss sees it: raw output [N, ≥C, H, W] for x_t [N, C, H, W] and float t [N]. */
    @FunctionalInterface
    public interface Denoiser {
        Tensor apply(Tensor xt, Tensor t);
    }

    private final NoiseSchedule schedule;
    private final float[] sqrtAlphaBar;
    private final float[] sqrtOneMinusAlphaBar;

    public DiffusionLoss(NoiseSchedule schedule) {
        this.schedule = schedule;
        int n = schedule.steps();
        sqrtAlphaBar = new float[n];
        sqrtOneMinusAlphaBar = new float[n];
        for (int t = 0; t < n; t++) {
            sqrtAlphaBar[t] = (float) Math.sqrt(schedule.alphaBar(t));
            sqrtOneMinusAlphaBar[t] = (float) Math.sqrt(1.0 - schedule.alphaBar(t));
        }
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /**
     * The loss on clean images {@code x0} (on the compute device), with t and ε drawn on the CPU from
     * {@code seed} (so CPU and CUDA runs see the same draws). Returns a scalar tensor with autograd history.
     */
    public Tensor loss(Denoiser net, Tensor x0, long seed) {
        long n = x0.size(0);
        long c = x0.size(1);
        torch.manual_seed(seed);
        Tensor t = torch.randint(0, schedule.steps(), new long[] {n}, new TensorOptions(ScalarType.Long));
        Tensor noise = torch.randn(Tensors.shape(x0), new TensorOptions(ScalarType.Float)).to(Torch.device(), ScalarType.Float);
        Tensor a = Tensors.fromFloats(sqrtAlphaBar, sqrtAlphaBar.length).index_select(0, t.to(Torch.device(), ScalarType.Long))
                .view(n, 1, 1, 1);
        Tensor b = Tensors.fromFloats(sqrtOneMinusAlphaBar, sqrtOneMinusAlphaBar.length)
                .index_select(0, t.to(Torch.device(), ScalarType.Long)).view(n, 1, 1, 1);
        Tensor xt = x0.mul(a).add(noise.mul(b));
        Tensor eps = net.apply(xt, t.to(Torch.device(), ScalarType.Float)).narrow(1, 0, c).to(ScalarType.Float);
        return torch.mse_loss(eps, noise);
    }
}

package dev.vireo.metrics;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Structural similarity, reproducing scikit-image 0.19 {@code structural_similarity(x, g,
 * channel_axis=-1, data_range=1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)} per
 * frame: local statistics from a separable Gaussian window (σ = 1.5, truncated at 3.5σ, i.e. radius 5,
 * 11×11 taps, normalised to sum 1), K1 = 0.01, K2 = 0.03, population (not sample) covariance; the SSIM
 * map is averaged over the interior where the window fits entirely (5 pixels cropped on each side,
 * which is what scikit-image does after its reflect-padded filtering, so padding never matters), each
 * channel separately, then averaged over channels. The clip value is the mean of the per-frame values.
 * Computed in float64. Frames must be at least 11 pixels high and wide.
 */
public final class Ssim extends BuiltInMetric {
    static final double SIGMA = 1.5;
    static final double TRUNCATE = 3.5;
    static final int RADIUS = (int) (TRUNCATE * SIGMA + 0.5);
    public static final int WINDOW = 2 * RADIUS + 1;
    private static final double C1 = Math.pow(0.01, 2);
    private static final double C2 = Math.pow(0.03, 2);
    private static final double[] KERNEL = gaussian();

    public Ssim() {
        super("ssim", true, Granularity.FRAME);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        long c = estimate.size(1);
        long h = estimate.size(2);
        long w = estimate.size(3);
        if (h < WINDOW || w < WINDOW) {
            throw new InvalidInputException("SSIM needs frames of at least " + WINDOW + "x" + WINDOW
                    + " pixels, got " + h + "x" + w);
        }
        double[] values = FrameOps.perFrame((int) estimate.size(0), t -> {
            Tensor x = FrameOps.frame(estimate, t);
            Tensor y = FrameOps.frame(reference, t);
            // All five local statistics filtered in one pass: [5C, H, W] → [5C, H−10, W−10].
            Tensor f = filter(torch.cat(new TensorVector(x, y, x.mul(x), y.mul(y), x.mul(y)), 0));
            Tensor ux = f.narrow(0, 0, c);
            Tensor uy = f.narrow(0, c, c);
            Tensor vx = f.narrow(0, 2 * c, c).sub(ux.mul(ux));
            Tensor vy = f.narrow(0, 3 * c, c).sub(uy.mul(uy));
            Tensor vxy = f.narrow(0, 4 * c, c).sub(ux.mul(uy));
            Tensor a1 = ux.mul(uy).mul(Tensors.scalar(2)).add(Tensors.scalar(C1));
            Tensor a2 = vxy.mul(Tensors.scalar(2)).add(Tensors.scalar(C2));
            Tensor b1 = ux.square().add(uy.square()).add(Tensors.scalar(C1));
            Tensor b2 = vx.add(vy).add(Tensors.scalar(C2));
            // Equal-sized channel maps: the mean over everything is the mean over channels of channel means.
            return a1.mul(a2).div(b1.mul(b2)).mean().item_double();
        });
        return new Score(values, FrameOps.mean(values));
    }

    /**
     * Valid (unpadded) separable Gaussian filtering of the last two dimensions: the output is the interior
     * where the whole window fits. Written as 2×11 shifted multiply-adds, which in float64 is several
     * times faster than conv2d on CPU and just as suited to the GPU.
     */
    private static Tensor filter(Tensor x) {
        return filterAlong(filterAlong(x, x.dim() - 2), x.dim() - 1);
    }

    private static Tensor filterAlong(Tensor x, long dim) {
        long out = x.size(dim) - 2L * RADIUS;
        Tensor acc = x.narrow(dim, 0, out).mul(Tensors.scalar(KERNEL[0]));
        for (int k = 1; k < WINDOW; k++) {
            acc.add_(x.narrow(dim, k, out), Tensors.scalar(KERNEL[k]));
        }
        return acc;
    }

    /** scipy.ndimage's 1-D Gaussian: exp(−x²/2σ²) on x = −radius..radius, normalised to sum 1. */
    static double[] gaussian() {
        double[] k = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double x = i - RADIUS;
            k[i] = Math.exp(-0.5 * x * x / (SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= sum;
        }
        return k;
    }
}

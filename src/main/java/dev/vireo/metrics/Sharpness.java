package dev.vireo.metrics;

import org.bytedeco.pytorch.Tensor;

/**
 * High-frequency energy ratio: per frame, the mean squared horizontal and vertical neighbour difference of
 * the estimate divided by that of the reference (all channels). 1 when the estimate carries as much fine
 * detail as the reference; below 1 it is blurrier (a σ 1 Gaussian blur of carphone gives 0.29, σ 2 0.12);
 * above 1 it carries more high-frequency energy than the reference — hallucinated texture, ringing or
 * noise — so read it beside PSNR, where it shows the perception–distortion trade-off. The clip value is the
 * mean of the per-frame ratios, so the scores of a clip's windows pool into the clip's own. Marked higher-is-better because a prior's gain over a blurred baseline shows as
 * a rise towards 1; values well above 1 are not better.
 */
public final class Sharpness extends BuiltInMetric {
    public Sharpness() {
        super("sharpness", true, Granularity.FRAME);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        int n = (int) estimate.size(0);
        double[] ratio = FrameOps.perFrame(n,
                t -> gradientEnergy(FrameOps.frame(estimate, t)) / gradientEnergy(FrameOps.frame(reference, t)));
        return new Score(ratio, FrameOps.mean(ratio));
    }

    /** Sum of squared neighbour differences along width and height of a [C, H, W] frame. */
    private static double gradientEnergy(Tensor f) {
        long h = f.size(1);
        long w = f.size(2);
        double e = 0;
        if (w > 1) {
            e += f.narrow(2, 1, w - 1).sub(f.narrow(2, 0, w - 1)).square().sum().item_double();
        }
        if (h > 1) {
            e += f.narrow(1, 1, h - 1).sub(f.narrow(1, 0, h - 1)).square().sum().item_double();
        }
        return e;
    }
}

package dev.vireo.metrics;

import org.bytedeco.pytorch.Tensor;

/**
 * Peak signal-to-noise ratio in dB with data range 1: {@code 10·log10(1 / MSE)}, the MSE taken over all
 * pixels and channels. Per frame it uses that frame's MSE; the <em>clip</em> value is computed from the
 * MSE over the whole clip (equivalently the mean of the per-frame MSEs), not by averaging per-frame dB.
 * Identical inputs give MSE 0 and a PSNR of {@code +Infinity} (no cap).
 */
public final class Psnr extends BuiltInMetric {
    public Psnr() {
        super("psnr", true, Granularity.FRAME);
    }

    @Override
    public double pool(double[] values) {
        return FrameOps.poolPsnr(values);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        double[] mse = FrameOps.perFrame((int) estimate.size(0),
                t -> FrameOps.frame(estimate, t).sub(FrameOps.frame(reference, t)).square().mean().item_double());
        return FrameOps.psnrScore(mse);
    }
}

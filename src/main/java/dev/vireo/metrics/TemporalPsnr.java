package dev.vireo.metrics;

import org.bytedeco.pytorch.Tensor;

/**
 * PSNR of temporal differences (tPSNR), in dB: the PSNR between the estimate's frame differences
 * {@code x[t+1] − x[t]} and the reference's {@code g[t+1] − g[t]}, i.e. {@code 10·log10(1 / MSE)} of
 * their difference. The peak is taken as 1, the range of the clips, not 2, the range a difference
 * can span: tPSNR is then exactly the PSNR formula applied to difference frames and reads on the same dB
 * scale as {@link Psnr} (add 20·log10 2 ≈ 6.02 dB for the peak-2 convention). Per transition it uses
 * that transition's MSE; the clip value uses the MSE over all transitions. Identical motion gives
 * {@code +Infinity}; a single-frame clip has no transitions and a clip value of NaN.
 */
public final class TemporalPsnr extends BuiltInMetric {
    public TemporalPsnr() {
        super("tpsnr", true, Granularity.TRANSITION);
    }

    @Override
    public double pool(double[] values) {
        return FrameOps.poolPsnr(values);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        double[] mse = FrameOps.perTransition(estimate, reference, e -> e.square().mean().item_double());
        return FrameOps.psnrScore(mse);
    }
}

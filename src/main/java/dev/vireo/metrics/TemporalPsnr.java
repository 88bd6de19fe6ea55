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
public final class TemporalPsnr implements Metric {
    @Override
    public String name() {
        return "tpsnr";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public Granularity granularity() {
        return Granularity.TRANSITION;
    }

    @Override
    public Score compute(Tensor estimate, Tensor reference) {
        FrameOps.requireSameShape(estimate, reference);
        double[] mse = FrameOps.perFrame(Math.max(0, (int) estimate.size(0) - 1),
                t -> differenceError(estimate, reference, t).square().mean().item_double());
        double[] values = new double[mse.length];
        for (int t = 0; t < mse.length; t++) {
            values[t] = FrameOps.psnrFromMse(mse[t]);
        }
        return new Score(values, mse.length == 0 ? Double.NaN : FrameOps.psnrFromMse(FrameOps.mean(mse)));
    }

    /** (x[t+1] − x[t]) − (g[t+1] − g[t]) in float64, shared with {@link FlickerError}. */
    static Tensor differenceError(Tensor estimate, Tensor reference, int t) {
        Tensor dx = FrameOps.frame(estimate, t + 1).sub(FrameOps.frame(estimate, t));
        Tensor dg = FrameOps.frame(reference, t + 1).sub(FrameOps.frame(reference, t));
        return dx.sub(dg);
    }
}

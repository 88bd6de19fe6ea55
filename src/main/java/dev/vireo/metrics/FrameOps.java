package dev.vireo.metrics;

import dev.vireo.tensor.Tensors;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Shared plumbing of the built-in metrics: shape checks and a bounded-memory loop over frames. */
final class FrameOps {
    private FrameOps() {}

    /** A per-frame computation reduced to one number on the host. */
    @FunctionalInterface
    interface PerFrame {
        double apply(int t);
    }

    static void requireSameShape(Tensor estimate, Tensor reference) {
        long[] a = Tensors.shape(estimate);
        long[] b = Tensors.shape(reference);
        if (a.length != 4 || !Arrays.equals(a, b)) {
            throw new IllegalArgumentException("metrics need two [N, C, H, W] tensors of the same shape, got "
                    + Arrays.toString(a) + " and " + Arrays.toString(b));
        }
    }

    /**
     * Evaluates {@code f} for t = 0..count−1, each under its own pointer scope so that the intermediates of
     * one frame are freed before the next (memory stays bounded by a frame, not the clip), without autograd.
     */
    static double[] perFrame(int count, PerFrame f) {
        double[] out = new double[count];
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int t = 0; t < count; t++) {
                try (PointerScope scope = new PointerScope()) {
                    out[t] = f.apply(t);
                }
            }
        }
        return out;
    }

    /** A per-transition computation on the difference error (see {@link #perTransition}), reduced to one number. */
    @FunctionalInterface
    interface PerTransition {
        double apply(Tensor differenceError);
    }

    /**
     * Evaluates {@code f} on {@code (x[t+1] − x[t]) − (g[t+1] − g[t])} (float64) for every transition
     * t → t+1, x the estimate and g the reference; a single-frame clip has none.
     */
    static double[] perTransition(Tensor estimate, Tensor reference, PerTransition f) {
        return perFrame(Math.max(0, (int) estimate.size(0) - 1), t -> {
            Tensor dx = frame(estimate, t + 1).sub(frame(estimate, t));
            Tensor dg = frame(reference, t + 1).sub(frame(reference, t));
            return f.apply(dx.sub(dg));
        });
    }

    /** Frame t of [N, C, H, W] as float64 [C, H, W]: metrics accumulate in double precision. */
    static Tensor frame(Tensor clip, int t) {
        return clip.select(0, t).to(ScalarType.Double);
    }

    static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The clip PSNR of per-frame PSNRs: the PSNR of their mean MSE (as {@link #psnrScore} pools). */
    static double poolPsnr(double[] psnr) {
        if (psnr.length == 0) {
            return Double.NaN;
        }
        double[] mse = new double[psnr.length];
        for (int t = 0; t < psnr.length; t++) {
            mse[t] = Math.pow(10, -psnr[t] / 10);
        }
        return psnrFromMse(mean(mse));
    }

    /**
     * PSNR scores from per-item MSEs: each item's own PSNR, and the clip value from the mean MSE (not the
     * mean of the dB values); no items give a clip value of NaN.
     */
    static Metric.Score psnrScore(double[] mse) {
        double[] psnr = new double[mse.length];
        for (int t = 0; t < mse.length; t++) {
            psnr[t] = psnrFromMse(mse[t]);
        }
        return new Metric.Score(psnr, mse.length == 0 ? Double.NaN : psnrFromMse(mean(mse)));
    }

    /** 10·log10(1 / mse) for signals of range 1; +Infinity when mse is 0 (identical signals). */
    static double psnrFromMse(double mse) {
        return 10.0 * Math.log10(1.0 / mse);
    }
}

package dev.vireo.operators;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * True 1-D convolution of a clip [N, C, H, W] with {@code taps} along one axis (0 = frames, 2 = rows,
 * 3 = columns): y[i] = Σ_j taps[j]·x[i − (j − K/2)], with out-of-range samples given by the boundary.
 * A delta therefore maps to the kernel centred on it (tap K/2 lands on the delta).
 */
final class AxisConv {
    private final int axis;
    private final double[] taps;
    private final Pad1d pad;
    private final Params params = new Params();

    AxisConv(int axis, double[] taps, Boundary boundary) {
        this.axis = axis;
        this.taps = taps.clone();
        int k = taps.length;
        int centre = k / 2;
        this.pad = new Pad1d(axis, k - 1 - centre, centre, boundary);
    }

    Tensor apply(Tensor x) {
        Tensor xp = pad.apply(x);
        long n = x.size(axis);
        int k = taps.length;
        if (axis == 0) {
            // A few frames: a weighted sum of shifted views beats moving the frame axis into a conv.
            Tensor acc = null;
            for (int j = 0; j < k; j++) {
                if (taps[j] == 0) {
                    continue;
                }
                Tensor shifted = xp.narrow(0, k - 1 - j, n);
                acc = acc == null ? shifted.mul(new Scalar(taps[j])) : acc.add_(shifted, new Scalar(taps[j]));
            }
            return acc == null ? x.mul(new Scalar(0.0)) : acc;
        }
        long[] s = xp.sizes().vec().get();
        Tensor out = torch.conv2d(xp.reshape(s[0] * s[1], 1, s[2], s[3]), weight(xp));
        return out.reshape(s[0], s[1], out.size(2), out.size(3));
    }

    Tensor adjoint(Tensor y) {
        long n = y.size(axis);
        int k = taps.length;
        Tensor yp;
        if (axis == 0) {
            long[] shape = y.sizes().vec().get();
            shape[0] = n + k - 1;
            yp = y.new_zeros(shape);
            for (int j = 0; j < k; j++) {
                if (taps[j] != 0) {
                    yp.narrow(0, k - 1 - j, n).add_(y, new Scalar(taps[j]));
                }
            }
        } else {
            long[] s = y.sizes().vec().get();
            Tensor t = torch.conv_transpose2d(y.reshape(s[0] * s[1], 1, s[2], s[3]), weight(y));
            yp = t.reshape(s[0], s[1], t.size(2), t.size(3));
        }
        return pad.adjoint(yp, n);
    }

    /** conv2d correlates, so the weight holds the flipped taps, shaped along this axis. */
    private Tensor weight(Tensor like) {
        long[] shape = axis == 2 ? new long[] {1, 1, taps.length, 1} : new long[] {1, 1, 1, taps.length};
        return params.get("w", like, () -> Params.cpuDoubles(Params.flip(taps), shape));
    }
}

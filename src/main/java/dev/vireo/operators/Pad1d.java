package dev.vireo.operators;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Pads one axis by {@code left} and {@code right} samples with a {@link Boundary}, and the exact adjoint:
 * padding copies samples (index_select), so its adjoint adds every padded sample back onto its source
 * (index_add). Zero padding's adjoint is a crop.
 */
final class Pad1d {
    private final int axis;
    private final int left;
    private final int right;
    private final Boundary boundary;
    private final Params params = new Params();

    Pad1d(int axis, int left, int right, Boundary boundary) {
        this.axis = axis;
        this.left = left;
        this.right = right;
        this.boundary = boundary;
    }

    Tensor apply(Tensor x) {
        if (left == 0 && right == 0) {
            return x;
        }
        long n = x.size(axis);
        if (boundary == Boundary.ZERO) {
            long[] pad = new long[2 * ((int) x.dim() - axis)];
            pad[pad.length - 2] = left;
            pad[pad.length - 1] = right;
            return torch.constant_pad_nd(x, pad);
        }
        return x.index_select(axis, sources(n, x));
    }

    /** Aᵀ of {@link #apply} for a clip whose padded axis had {@code n} samples. */
    Tensor adjoint(Tensor y, long n) {
        if (left == 0 && right == 0) {
            return y;
        }
        if (boundary == Boundary.ZERO) {
            return y.narrow(axis, left, n);
        }
        long[] shape = y.sizes().vec().get();
        shape[axis] = n;
        return y.new_zeros(shape).index_add_(axis, sources(n, y), y);
    }

    private Tensor sources(long n, Tensor like) {
        return params.index("n" + n, like, () -> {
            long[] idx = new long[(int) n + left + right];
            for (int p = 0; p < idx.length; p++) {
                idx[p] = boundary.source(p - left, n);
            }
            return idx;
        });
    }
}

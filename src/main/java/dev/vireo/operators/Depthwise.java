package dev.vireo.operators;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * "Valid" 2-D correlation of every channel with one kernel, as a grouped conv2d (faster than a
 * single-channel conv over N·C images), and its exact adjoint as another valid correlation: the
 * adjoint of correlating with w is correlating the fully zero-padded input with w flipped, which
 * avoids conv_transpose2d (several times slower on CPU).
 */
final class Depthwise {
    private final double[][] kernel;
    private final Params params = new Params();

    Depthwise(double[][] kernel) {
        this.kernel = kernel;
    }

    /** y[i,j] = Σ k[a,b]·x[i+KH−1−a, j+KW−1−b]: true convolution, output (H−KH+1)×(W−KW+1). */
    Tensor apply(Tensor x) {
        return correlate(x, weight(x, true));
    }

    /** The adjoint of {@link #apply}: output (H+KH−1)×(W+KW−1). */
    Tensor adjoint(Tensor y) {
        int kh = kernel.length;
        int kw = kernel[0].length;
        Tensor yp = torch.constant_pad_nd(y, kw - 1, kw - 1, kh - 1, kh - 1);
        return correlate(yp, weight(y, false));
    }

    private static Tensor correlate(Tensor x, Tensor w) {
        return torch.conv2d(x, w, new TensorOptional(), new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1},
                x.size(1));
    }

    private Tensor weight(Tensor like, boolean flipped) {
        int kh = kernel.length;
        int kw = kernel[0].length;
        long c = like.size(1);
        return params.get((flipped ? "f" : "k") + c, like, () -> {
            double[] flat = new double[(int) c * kh * kw];
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double v = flipped ? kernel[kh - 1 - i][kw - 1 - j] : kernel[i][j];
                        flat[(ch * kh + i) * kw + j] = v;
                    }
                }
            }
            return Params.cpuDoubles(flat, c, 1, kh, kw);
        });
    }
}

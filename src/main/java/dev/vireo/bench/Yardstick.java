package dev.vireo.bench;

import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A bare libtorch 3x3 convolution, timed in the same run as what we benchmark, so each figure can be given
 * as a ratio to what the engine itself achieves on this machine at this moment.
 */
public final class Yardstick {
    private Yardstick() {}

    /** Times conv3x3(channels -> channels) with padding 1 on [batch, channels, size, size]. */
    public static Timer.Result conv3x3(int batch, int channels, int height, int width, Precision precision,
            int warmup, int repeats) {
        Torch.load();
        try (NoGradGuard g = new NoGradGuard()) {
            ScalarType st = precision == Precision.BFLOAT16 ? ScalarType.BFloat16 : ScalarType.Float;
            TensorOptions opts = new TensorOptions(st);
            Tensor x = torch.randn(new long[] {batch, channels, height, width}, opts).to(Torch.device(), st);
            Tensor w = torch.randn(new long[] {channels, channels, 3, 3}, opts).mul(new org.bytedeco.pytorch.Scalar(0.05)).to(Torch.device(), st);
            return Timer.time(warmup, repeats, () -> torch.conv2d(x, w, new org.bytedeco.pytorch.TensorOptional(),
                    new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, 1).sum().item_double());
        }
    }

    /** Multiply-accumulates of that convolution (for GF/s figures). */
    public static double conv3x3Macs(int batch, int channels, int height, int width) {
        return (double) batch * channels * channels * 9 * height * width;
    }
}

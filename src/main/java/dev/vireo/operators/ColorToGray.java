package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import org.bytedeco.pytorch.Tensor;

/** RGB → luma with ITU-R BT.601 weights (0.299, 0.587, 0.114); output has 1 channel. */
public final class ColorToGray extends SpecOperator {
    public static final double[] WEIGHTS = {0.299, 0.587, 0.114};
    private final Params params = new Params();

    @Override
    public Tensor apply(Tensor x) {
        check(x);
        return x.mul(weights(x)).sum(new long[] {1}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
    }

    @Override
    public Tensor adjoint(Tensor y) {
        if (y.dim() != 4 || y.size(1) != 1) {
            throw new InvalidInputException("grey adjoint expects [N, 1, H, W]");
        }
        return y.mul(weights(y));
    }

    private Tensor weights(Tensor like) {
        return params.get("w", like, () -> Params.cpuDoubles(WEIGHTS, 1, 3, 1, 1));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = clipShape(inputShape);
        if (s[1] != 3) {
            throw new InvalidInputException("grey needs 3 colour channels, got " + s[1]);
        }
        s[1] = 1;
        return s;
    }

    @Override
    public String spec() {
        return "grey";
    }
}

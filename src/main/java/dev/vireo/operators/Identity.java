package dev.vireo.operators;

import org.bytedeco.pytorch.Tensor;

/** A = I (pure denoising when combined with measurement noise). */
public final class Identity extends SpecOperator {
    @Override
    public Tensor apply(Tensor x) {
        check(x);
        return x;
    }

    @Override
    public Tensor adjoint(Tensor y) {
        return apply(y);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return clipShape(inputShape);
    }

    @Override
    public String spec() {
        return "identity";
    }
}

package dev.vireo.operators;

import org.bytedeco.pytorch.Tensor;

/**
 * A known linear degradation A acting on a clip tensor [N, C, H, W] with values in [0, 1], together with
 * its exact adjoint. Solvers see the degradation only through this interface.
 */
public interface LinearOperator {
    /** y = A x. */
    Tensor apply(Tensor x);

    /** x = Aᵀ y, the exact adjoint: ⟨A x, y⟩ = ⟨x, Aᵀ y⟩. */
    Tensor adjoint(Tensor y);

    /** Shape of A x for an input of shape {@code inputShape} ([N, C, H, W]). */
    long[] outputShape(long[] inputShape);

    /** The spec string that parses back to this operator. */
    String spec();

    /**
     * How many frames before and after frame n of the input output frame n depends on, as {before, after},
     * or null when output frames do not map one-to-one onto input frames (frame subsampling) or wrap around
     * the clip (a circular temporal boundary): then a clip cannot be cut into windows with temporal context.
     */
    default int[] temporalReach() {
        return new int[] {0, 0};
    }

    /** Aᵀ A x, the normal operator CG works with. */
    default Tensor normal(Tensor x) {
        return adjoint(apply(x));
    }
}

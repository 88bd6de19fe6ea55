package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * One inverse problem y = A x + w: the measurement {@code y} (shape A.outputShape(clipShape)), the operator,
 * the unknown clip's shape [N, C, H, W] (values in [0, 1]), the noise level σ_y of w (0 = noiseless) and
 * the diffusion prior ({@code null} for prior-free methods), and optionally a start clip [N, C, H, W] in [0, 1]
 * (an estimate of the unknown that a warm-started method begins from; {@code null} = none).
 */
public record Problem(Tensor y, LinearOperator operator, long[] clipShape, double sigmaY, Prior prior, Tensor start) {
    public Problem(Tensor y, LinearOperator operator, long[] clipShape, double sigmaY, Prior prior) {
        this(y, operator, clipShape, sigmaY, prior, null);
    }

    public Problem {
        if (clipShape.length != 4) {
            throw new InvalidInputException("clip shape must be [frames, channels, height, width], got " + Arrays.toString(clipShape));
        }
        clipShape = clipShape.clone();
        long[] want = operator.outputShape(clipShape);
        long[] have = Tensors.shape(y);
        if (!Arrays.equals(want, have)) {
            throw new InvalidInputException("measurement has shape " + Arrays.toString(have) + " but " + operator.spec()
                    + " maps a clip " + Arrays.toString(clipShape) + " to " + Arrays.toString(want));
        }
        if (!(sigmaY >= 0)) {
            throw new InvalidInputException("measurement noise sigma must be ≥ 0, got " + sigmaY);
        }
        if (start != null && !Arrays.equals(Tensors.shape(start), clipShape)) {
            throw new InvalidInputException("start clip has shape " + Arrays.toString(Tensors.shape(start)) + ", the clip "
                    + Arrays.toString(clipShape));
        }
    }

    @Override
    public long[] clipShape() {
        return clipShape.clone();
    }

    /** The start clip, or a clear error for a method told to start from one. */
    Tensor requireStart(String method) {
        if (start == null) {
            throw new InvalidInputException("method " + method + " starts warm (warm-start < 1) but the problem has no start clip");
        }
        return start;
    }

    /** The prior, or a clear error for methods that need one. */
    Prior requirePrior(String method) {
        if (prior == null) {
            throw new InvalidInputException("method " + method + " needs a diffusion prior");
        }
        if (prior.channels() != clipShape[1]) {
            throw new InvalidInputException("the prior expects " + prior.channels() + " channels, clip has " + clipShape[1]);
        }
        int m = prior.sizeMultiple();
        if (clipShape[2] % m != 0 || clipShape[3] % m != 0) {
            throw new InvalidInputException("frame size " + clipShape[3] + "x" + clipShape[2] + " must be a multiple of " + m
                    + " for this model");
        }
        return prior;
    }
}

package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Keeps frames {@code offset … offset + count − 1} of a clip of {@code frames} frames: the measurement rows a
 * window owns when its unknown frames are extended by temporal context. Aᵀ puts them back in place with zeros
 * elsewhere. Not part of the degradation grammar.
 */
public record FrameWindow(int offset, int count, int frames) implements LinearOperator {
    public FrameWindow {
        if (offset < 0 || count < 1 || offset + count > frames) {
            throw new InvalidInputException("frame window " + offset + "+" + count + " does not fit a clip of " + frames + " frames");
        }
    }

    @Override
    public Tensor apply(Tensor x) {
        return x.narrow(0, offset, count);
    }

    @Override
    public Tensor adjoint(Tensor y) {
        TensorVector parts = new TensorVector();
        Tensor zeroFrame = torch.zeros_like(y.narrow(0, 0, 1));
        for (int i = 0; i < offset; i++) {
            parts.push_back(zeroFrame);
        }
        parts.push_back(y);
        for (int i = offset + count; i < frames; i++) {
            parts.push_back(zeroFrame);
        }
        return torch.cat(parts, 0);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        if (inputShape[0] != frames) {
            throw new InvalidInputException("frame window of a " + frames + "-frame clip got " + inputShape[0] + " frames");
        }
        long[] s = inputShape.clone();
        s[0] = count;
        return s;
    }

    @Override
    public int[] temporalReach() {
        return null;
    }

    @Override
    public String spec() {
        return "frames:" + offset + ":" + count + ":" + frames;
    }
}

package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import org.bytedeco.pytorch.Tensor;

/**
 * Keeps frames offset, offset+k, offset+2k, … of an N-frame clip (temporal super-resolution as an
 * inverse problem); the output has ⌈(N − offset)/k⌉ frames and the adjoint puts them back with zeros
 * between. The kept frames do not determine N, so the operator is bound to the clip length N.
 */
public final class FrameSubsample extends SpecOperator {
    private final int step;
    private final int offset;
    private final long frames;
    private final Params params = new Params();

    public FrameSubsample(int step, int offset, long frames) {
        if (step < 1) {
            throw new InvalidInputException("frame step must be at least 1, got " + step);
        }
        if (offset < 0 || offset >= step) {
            throw new InvalidInputException("frame offset must be in 0.." + (step - 1) + ", got " + offset);
        }
        if (offset >= frames) {
            throw new InvalidInputException("frame offset " + offset + " leaves no frame of " + frames);
        }
        this.step = step;
        this.offset = offset;
        this.frames = frames;
    }

    public long frames() {
        return frames;
    }

    /** k: every k-th frame is kept. */
    public int step() {
        return step;
    }

    /** The first kept frame. */
    public int offset() {
        return offset;
    }

    @Override
    public Tensor apply(Tensor x) {
        check(x);
        return x.index_select(0, kept(x));
    }

    @Override
    public Tensor adjoint(Tensor y) {
        long[] s = outputShape(new long[] {frames, y.size(1), y.size(2), y.size(3)});
        if (y.size(0) != s[0]) {
            throw new InvalidInputException("subsample adjoint expects " + s[0] + " frames, got " + y.size(0));
        }
        return y.new_zeros(frames, y.size(1), y.size(2), y.size(3)).index_add_(0, kept(y), y);
    }

    @Override
    public int[] temporalReach() {
        return null;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = clipShape(inputShape);
        if (s[0] != frames) {
            throw new InvalidInputException("this frame subsampling was built for " + frames + " frames, got " + s[0]);
        }
        s[0] = (frames - offset + step - 1) / step;
        return s;
    }

    private Tensor kept(Tensor like) {
        return params.index("k", like, () -> {
            long[] idx = new long[(int) ((frames - offset + step - 1) / step)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = offset + (long) i * step;
            }
            return idx;
        });
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((FrameSubsample) o).frames == frames;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Long.hashCode(frames);
    }

    @Override
    public String spec() {
        return "subsample:" + step + (offset == 0 ? "" : ":" + offset);
    }
}

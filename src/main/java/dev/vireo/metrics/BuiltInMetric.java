package dev.vireo.metrics;

import dev.vireo.io.video.ColorMatrix;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * What the built-in metrics share: a fixed name, direction and granularity, and the shape check before
 * scoring. Subclasses implement {@link #score} on two [N, C, H, W] tensors already checked to match.
 */
abstract class BuiltInMetric implements Metric {
    private final String name;
    private final boolean higherIsBetter;
    private final Granularity granularity;

    BuiltInMetric(String name, boolean higherIsBetter, Granularity granularity) {
        this.name = name;
        this.higherIsBetter = higherIsBetter;
        this.granularity = granularity;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean higherIsBetter() {
        return higherIsBetter;
    }

    @Override
    public final Granularity granularity() {
        return granularity;
    }

    @Override
    public final Score compute(Tensor estimate, Tensor reference) {
        FrameOps.requireSameShape(estimate, reference);
        return score(estimate, reference);
    }

    /** Scores tensors of the same [N, C, H, W] shape. */
    abstract Score score(Tensor estimate, Tensor reference);

    /** A clip copied to the host for metrics computed in plain Java (optical flow, NIQE's patch statistics). */
    record HostClip(float[] data, int frames, int channels, int height, int width) {
        static HostClip of(Tensor clip) {
            long[] s = Tensors.shape(clip);
            return new HostClip(Tensors.toFloats(clip), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
        }

        /** BT.601 luma of frame t in [0, 1] (the channel itself for a grey clip). */
        double[] luma(int t) {
            int plane = height * width;
            int base = t * channels * plane;
            double[] g = new double[plane];
            for (int p = 0; p < plane; p++) {
                g[p] = channels == 3
                        ? ColorMatrix.BT601.luma(data[base + p], data[base + plane + p], data[base + 2 * plane + p])
                        : data[base + p];
            }
            return g;
        }
    }
}

package dev.vireo.metrics;

import dev.vireo.io.Clip;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * A full-reference quality measure of an estimated clip against its reference.
 *
 * <p>Implementations receive libtorch tensors [frames, channels, height, width] of equal shape, values
 * in [0, 1], on any device (CPU or CUDA) and any floating dtype; they must not modify them. The tensor
 * form is the extension point for learned metrics that run a network on the frames: LPIPS (AlexNet/VGG
 * features) or FVD (I3D features) could implement this interface, but their pretrained weights are not
 * bundled and cannot be downloaded at run time (Vireo runs offline), so they are deliberately absent
 * rather than approximated. Plain-Java callers use {@link #compute(Clip, Clip)} or {@link MetricSuite}.
 */
public interface Metric {
    /** What one entry of {@link Score#values()} refers to. */
    enum Granularity {
        /** One value per frame t (N values). */
        FRAME,
        /** One value per transition t → t+1 (N−1 values; none for a single-frame clip). */
        TRANSITION
    }

    /**
     * Per-frame (or per-transition) values and the single value summarising the whole clip. How the clip
     * value is pooled is up to each metric and documented there; it is NaN when there is nothing to pool.
     */
    record Score(double[] values, double clip) {}

    /** Short lower-case key used in maps, JSON and on the command line, e.g. {@code "psnr"}. */
    String name();

    boolean higherIsBetter();

    Granularity granularity();

    /**
     * The clip value from per-frame (or per-transition) values, pooled as {@link #compute} pools them, so that
     * scores of consecutive windows combine into the score of the whole clip. The mean unless a metric says otherwise.
     */
    default double pool(double[] values) {
        return FrameOps.mean(values);
    }

    /** Scores {@code estimate} against {@code reference}, both [N, C, H, W] of the same shape. */
    Score compute(Tensor estimate, Tensor reference);

    /** Convenience entry for engine-free callers: copies both clips to the compute device and scores them. */
    default Score compute(Clip estimate, Clip reference) {
        MetricSuite.requireSameShape(estimate, reference);
        return compute(Tensors.fromFloats(estimate.data(), estimate.shape()),
                Tensors.fromFloats(reference.data(), reference.shape()));
    }
}

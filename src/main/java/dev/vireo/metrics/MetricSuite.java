package dev.vireo.metrics;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A list of metrics evaluated together on an estimate/reference pair, optionally after cropping a border.
 * The clips are moved to the compute device ({@link dev.vireo.tensor.Torch#device()}) once and every metric
 * runs there.
 */
public final class MetricSuite {
    private final List<Metric> metrics;
    private final int crop;

    /**
     * @param metrics metrics with distinct names, in the order results are reported
     * @param crop pixels removed from each side (top, bottom, left, right) of every frame before measuring
     */
    public MetricSuite(List<Metric> metrics, int crop) {
        if (crop < 0) {
            throw new InvalidInputException("crop must be >= 0, got " + crop);
        }
        if (metrics.stream().map(Metric::name).distinct().count() != metrics.size()) {
            throw new IllegalArgumentException("metric names must be distinct");
        }
        this.metrics = List.copyOf(metrics);
        this.crop = crop;
    }

    /** PSNR, SSIM, flicker error and temporal PSNR (names psnr, ssim, flicker, tpsnr). */
    public static MetricSuite standard(int crop) {
        return new MetricSuite(List.of(new Psnr(), new Ssim(), new FlickerError(), new TemporalPsnr()), crop);
    }

    /** The names of the {@link #perceptual} metrics, in its order. */
    public static final List<String> PERCEPTUAL_NAMES = List.of("warp", "sharpness", "niqe");

    /**
     * The perception side of the perception–distortion trade-off: the warping error (warp; optical flow on the
     * CPU), the high-frequency energy ratio (sharpness) and NIQE (niqe, no-reference).
     */
    public static MetricSuite perceptual(int crop) {
        return new MetricSuite(perceptualMetrics(), crop);
    }

    /** {@link #standard} then {@link #perceptual}: what {@code vireo eval} and restore's report show. */
    public static MetricSuite extended(int crop) {
        List<Metric> all = new ArrayList<>(standard(crop).metrics());
        all.addAll(perceptualMetrics());
        return new MetricSuite(all, crop);
    }

    private static List<Metric> perceptualMetrics() {
        return List.of(new WarpingError(), new Sharpness(), new Niqe());
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public int crop() {
        return crop;
    }

    /**
     * Scores {@code estimate} against {@code reference}.
     *
     * @throws InvalidInputException if the shapes differ, the clips have no frames or the crop leaves no pixels
     */
    public Evaluation evaluate(Clip estimate, Clip reference) {
        requireSameShape(estimate, reference);
        return evaluate(Tensors.fromFloats(estimate.data(), estimate.shape()),
                Tensors.fromFloats(reference.data(), reference.shape()));
    }

    /** Tensor form of {@link #evaluate(Clip, Clip)}: [N, C, H, W] of equal shape on any device. */
    public Evaluation evaluate(Tensor estimate, Tensor reference) {
        long[] shape = Tensors.shape(estimate);
        if (shape.length != 4 || !Arrays.equals(shape, Tensors.shape(reference))) {
            throw new InvalidInputException("shape mismatch: estimate " + Arrays.toString(shape) + " vs reference "
                    + Arrays.toString(Tensors.shape(reference)) + " (both must be the same [N, C, H, W])");
        }
        if (shape[0] < 1) {
            throw new InvalidInputException("cannot evaluate a clip with no frames");
        }
        Tensor x = crop(estimate);
        Tensor g = crop(reference);
        int frames = (int) shape[0];
        List<Map<String, Double>> perFrame = rows(frames);
        List<Map<String, Double>> perTransition = rows(Math.max(0, frames - 1));
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Boolean> better = new LinkedHashMap<>();
        for (Metric m : metrics) {
            Metric.Score s = m.compute(x, g);
            List<Map<String, Double>> target = m.granularity() == Metric.Granularity.FRAME ? perFrame : perTransition;
            if (s.values().length != target.size()) {
                throw new IllegalStateException("metric " + m.name() + " returned " + s.values().length
                        + " values for " + target.size() + " " + m.granularity().name().toLowerCase() + "s");
            }
            for (int i = 0; i < s.values().length; i++) {
                target.get(i).put(m.name(), s.values()[i]);
            }
            mean.put(m.name(), s.clip());
            better.put(m.name(), m.higherIsBetter());
        }
        return new Evaluation(perFrame, perTransition, mean, better, crop);
    }

    private Tensor crop(Tensor t) {
        if (crop == 0) {
            return t;
        }
        long h = t.size(2);
        long w = t.size(3);
        if (h - 2L * crop < 1 || w - 2L * crop < 1) {
            throw new InvalidInputException("crop " + crop + " removes every pixel of " + h + "x" + w + " frames");
        }
        return t.narrow(2, crop, h - 2L * crop).narrow(3, crop, w - 2L * crop);
    }

    private static List<Map<String, Double>> rows(int n) {
        List<Map<String, Double>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new LinkedHashMap<>());
        }
        return rows;
    }

    static void requireSameShape(Clip estimate, Clip reference) {
        if (!Arrays.equals(estimate.shape(), reference.shape())) {
            throw new InvalidInputException("shape mismatch: estimate " + Arrays.toString(estimate.shape())
                    + " vs reference " + Arrays.toString(reference.shape()) + " (both must be the same [N, C, H, W])");
        }
    }
}

package dev.vireo.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link MetricSuite#evaluate}: plain Java values, no tensors.
 *
 * @param frames one map per frame, metric name → value, for the {@link Metric.Granularity#FRAME} metrics
 * @param transitions one map per transition t → t+1 (N−1 entries), for the
 *     {@link Metric.Granularity#TRANSITION} metrics
 * @param mean metric name → clip value, for every metric, in suite order. This is each metric's own pooling
 *     (see its javadoc): the mean over frames for SSIM and over transitions for flicker, but PSNR and
 *     tPSNR come from the MSE over the whole clip, not from averaging per-frame dB
 * @param higherIsBetter metric name → whether a larger value is better
 * @param crop border (pixels on each side) removed from every frame before measuring
 */
public record Evaluation(
        List<Map<String, Double>> frames,
        List<Map<String, Double>> transitions,
        Map<String, Double> mean,
        Map<String, Boolean> higherIsBetter,
        int crop) {
    public Evaluation {
        frames = frames.stream().map(Evaluation::frozen).toList();
        transitions = transitions.stream().map(Evaluation::frozen).toList();
        mean = frozen(mean);
        higherIsBetter = frozen(higherIsBetter);
    }

    /** The clip value of metric {@code name}. */
    public double mean(String name) {
        Double v = mean.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + name + "' in this evaluation; have " + mean.keySet());
        }
        return v;
    }

    /** The per-frame (or per-transition, for temporal metrics) values of metric {@code name}, in order. */
    public double[] series(String name) {
        mean(name);
        List<Map<String, Double>> rows = frames.get(0).containsKey(name) ? frames : transitions;
        return rows.stream().mapToDouble(r -> r.get(name)).toArray();
    }

    /** An unmodifiable copy that keeps insertion order (metric order is reporting order). */
    private static <V> Map<String, V> frozen(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}

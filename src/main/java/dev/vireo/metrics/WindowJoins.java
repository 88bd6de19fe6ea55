package dev.vireo.metrics;

import dev.vireo.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which transitions of a clip restored in windows cross a window boundary: the one definition shared by
 * restore's run.json ({@code quality_window_boundaries} / {@code quality_window_interiors}), {@code vireo eval
 * --window} and the bench suites.
 *
 * <p>Windows of {@code window} frames start every {@code window − overlap} frames, and a window exists only while
 * the previous one did not reach the clip's end. A window starting at frame s ≥ 1 hands over from its predecessor
 * over frames s … s + overlap − 1, so the transitions t → t+1 for t = s − 1 … s + overlap − 1 (the step into the
 * window and the steps through the shared frames: overlap + 1 of them) are boundary transitions; all others are
 * interior ones.
 */
public record WindowJoins(int window, int overlap) {
    public WindowJoins {
        if (window < 1) {
            throw new InvalidInputException("window must be at least 1 frame, got " + window);
        }
        if (overlap < 0 || overlap >= window) {
            throw new InvalidInputException("overlap must be in 0.." + (window - 1) + " for windows of " + window + " frames, got " + overlap);
        }
    }

    /** The overlap restore uses when none is given: 4 frames, at most half a window. */
    public static int defaultOverlap(int window) {
        return Math.min(4, window / 2);
    }

    public int stride() {
        return window - overlap;
    }

    /** Whether transition {@code t} (frame t → t+1) of a clip of {@code frames} frames crosses a window boundary. */
    public boolean crosses(int t, int frames) {
        int stride = stride();
        for (long start = stride; start <= t + 1; start += stride) {
            boolean exists = start - stride + window < frames; // its predecessor did not reach the end
            if (exists && t <= start + overlap - 1) {
                return true;
            }
        }
        return false;
    }

    /** The indices of the boundary transitions of a clip of {@code frames} frames, in order. */
    public List<Integer> boundaryTransitions(int frames) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < frames - 1; t++) {
            if (crosses(t, frames)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The transition metrics of {@code suite} pooled over the boundary transitions only (NaN where there are none). */
    public Map<String, Double> boundary(MetricSuite suite, List<Map<String, Double>> transitions) {
        return pooled(suite, transitions, true);
    }

    /** The transition metrics of {@code suite} pooled over the transitions inside windows only. */
    public Map<String, Double> interior(MetricSuite suite, List<Map<String, Double>> transitions) {
        return pooled(suite, transitions, false);
    }

    private Map<String, Double> pooled(MetricSuite suite, List<Map<String, Double>> transitions, boolean boundary) {
        int frames = transitions.size() + 1;
        List<Map<String, Double>> pick = new ArrayList<>();
        for (int t = 0; t < transitions.size(); t++) {
            if (crosses(t, frames) == boundary) {
                pick.add(transitions.get(t));
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (Metric metric : suite.metrics()) {
            if (metric.granularity() == Metric.Granularity.TRANSITION) {
                m.put(metric.name(), metric.pool(pick.stream().mapToDouble(r -> r.get(metric.name())).toArray()));
            }
        }
        return m;
    }
}

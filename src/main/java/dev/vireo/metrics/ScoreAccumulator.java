package dev.vireo.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of consecutive windows of one clip combined into the score of the whole clip, with each metric's
 * own pooling ({@link Metric#pool}), so a windowed run reports what one evaluation of the whole clip would.
 * A window may be scored with the previous window's last frame in front, so that the transition across the
 * window boundary is measured too; those transitions are also pooled on their own ({@link #boundary}).
 */
public final class ScoreAccumulator {
    private final MetricSuite suite;
    private final List<Map<String, Double>> frames = new ArrayList<>();
    private final List<Map<String, Double>> transitions = new ArrayList<>();
    private final List<Boolean> crossesBoundary = new ArrayList<>();

    public ScoreAccumulator(MetricSuite suite) {
        this.suite = suite;
    }

    /**
     * Adds one window's evaluation. With {@code join} > 0 the evaluation's first frame is the previous window's
     * last (already counted, so its frame rows are skipped) and its first {@code join} transitions touch the join
     * of the two windows (the carried transition, then the cross-faded frames).
     */
    public void add(Evaluation ev, int join) {
        frames.addAll(join > 0 ? ev.frames().subList(1, ev.frames().size()) : ev.frames());
        for (int i = 0; i < ev.transitions().size(); i++) {
            transitions.add(ev.transitions().get(i));
            crossesBoundary.add(i < join);
        }
    }

    public int frameCount() {
        return frames.size();
    }

    /** The whole clip's evaluation. */
    public Evaluation result() {
        return pooled(frames, transitions);
    }

    /** Transition metrics over the boundary transitions only (empty when the clip was one window). */
    public Map<String, Double> boundary() {
        return transitionMeans(true);
    }

    /** Transition metrics over the transitions inside windows only. */
    public Map<String, Double> interior() {
        return transitionMeans(false);
    }

    private Map<String, Double> transitionMeans(boolean boundary) {
        List<Map<String, Double>> pick = new ArrayList<>();
        for (int i = 0; i < transitions.size(); i++) {
            if (crossesBoundary.get(i) == boundary) {
                pick.add(transitions.get(i));
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (Metric metric : suite.metrics()) {
            if (metric.granularity() == Metric.Granularity.TRANSITION) {
                m.put(metric.name(), metric.pool(column(pick, metric.name())));
            }
        }
        return m;
    }

    private Evaluation pooled(List<Map<String, Double>> f, List<Map<String, Double>> tr) {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Boolean> better = new LinkedHashMap<>();
        for (Metric m : suite.metrics()) {
            List<Map<String, Double>> rows = m.granularity() == Metric.Granularity.FRAME ? f : tr;
            mean.put(m.name(), m.pool(column(rows, m.name())));
            better.put(m.name(), m.higherIsBetter());
        }
        return new Evaluation(f, tr, mean, better, suite.crop());
    }

    private static double[] column(List<Map<String, Double>> rows, String name) {
        return rows.stream().mapToDouble(r -> r.get(name)).toArray();
    }
}

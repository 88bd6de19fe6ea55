package dev.vireo.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of consecutive windows of one clip combined into the score of the whole clip, with each metric's
 * own pooling ({@link Metric#pool}), so a windowed run reports what one evaluation of the whole clip would.
 * A window may be scored with the previous window's last frame in front, so that the transition across the
 * window boundary is measured too; the transitions that cross a window boundary ({@link WindowJoins}) are also
 * pooled on their own ({@link #boundary}).
 */
public final class ScoreAccumulator {
    private final MetricSuite suite;
    private final List<Map<String, Double>> frames = new ArrayList<>();
    private final List<Map<String, Double>> transitions = new ArrayList<>();
    private final WindowJoins joins;

    /** For windows laid out as {@code joins} says. */
    public ScoreAccumulator(MetricSuite suite, WindowJoins joins) {
        this.suite = suite;
        this.joins = joins;
    }

    /**
     * Adds the next window's evaluation. With {@code carried} its first frame is the previous window's last
     * (already counted, so its frame rows are skipped; the transition out of it is the one into this window).
     */
    public void add(Evaluation ev, boolean carried) {
        frames.addAll(carried ? ev.frames().subList(1, ev.frames().size()) : ev.frames());
        transitions.addAll(ev.transitions());
    }

    public int frameCount() {
        return frames.size();
    }

    /** The whole clip's evaluation. */
    public Evaluation result() {
        return pooled(frames, transitions);
    }

    /** Transition metrics over the boundary transitions only (NaN when the clip was one window). */
    public Map<String, Double> boundary() {
        return joins.boundary(suite, transitions);
    }

    /** Transition metrics over the transitions inside windows only. */
    public Map<String, Double> interior() {
        return joins.interior(suite, transitions);
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

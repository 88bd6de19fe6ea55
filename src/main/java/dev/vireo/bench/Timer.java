package dev.vireo.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repeated timing with warm-up: the median and the spread of several runs. Figures from a shared,
 * noisy machine are only comparable as ratios against a yardstick measured in the same run.
 */
public final class Timer {
    private Timer() {}

    /** Milliseconds of each run, after {@code warmup} untimed runs. */
    public record Result(double[] ms) {
        public double median() {
            double[] s = ms.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        public double min() {
            return Arrays.stream(ms).min().orElse(Double.NaN);
        }

        public double max() {
            return Arrays.stream(ms).max().orElse(Double.NaN);
        }

        /** (max - min) / median: how much the machine wobbled during the measurement. */
        public double spread() {
            return (max() - min()) / median();
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("median_ms", median());
            m.put("min_ms", min());
            m.put("max_ms", max());
            m.put("runs", ms.length);
            return m;
        }
    }

    public static Result time(int warmup, int repeats, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Result(ms);
    }
}

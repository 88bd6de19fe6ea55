package dev.vireo.metrics.plot;

import java.util.Locale;

/** A linear value axis with "nice" round tick steps (1, 2 or 5 × 10^k). */
record Axis(double min, double max, double step) {
    /** An axis covering [lo, hi] with about {@code ticks} intervals, ends snapped outwards to the step. */
    static Axis nice(double lo, double hi, int ticks) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            // A flat series still gets a visible band around its value.
            double pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.05 : 0.5;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / ticks);
        return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    /** An axis over exactly [lo, hi] (no snapping), ticks at multiples of a nice step inside it. */
    static Axis exact(double lo, double hi, int ticks) {
        if (!(hi > lo)) {
            return nice(lo, hi, ticks);
        }
        return new Axis(lo, hi, niceStep((hi - lo) / ticks));
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        // Nearest of 1, 2, 5, 10 (not the next larger), so the tick count stays close to the request.
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    }

    double[] ticks() {
        long first = (long) Math.ceil(min / step - 1e-9);
        long last = (long) Math.floor(max / step + 1e-9);
        double[] t = new double[(int) Math.max(0, last - first + 1)];
        for (int i = 0; i < t.length; i++) {
            t[i] = (first + i) * step;
        }
        return t;
    }

    String label(double v) {
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** Maps v to a pixel coordinate between p0 (at min) and p1 (at max). */
    double toPixel(double v, double p0, double p1) {
        return p0 + (v - min) / (max - min) * (p1 - p0);
    }
}

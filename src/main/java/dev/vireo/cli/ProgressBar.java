package dev.vireo.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress for long runs: a redrawn bar with steps, windows and ETA on a terminal; plain lines every few
 * seconds when the output is a log (CI); nothing with --quiet.
 */
final class ProgressBar {
    private static final long LOG_INTERVAL_NS = 5_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private final String label;
    private final long startNs = System.nanoTime();
    private long lastLogNs;
    private long firstDone;
    private long firstNs;
    private boolean drawn;

    ProgressBar(String label, PrintStream out, boolean quiet) {
        this.label = label;
        this.out = out;
        this.quiet = quiet;
        this.terminal = System.console() != null && System.getenv("CI") == null;
    }

    /** {@code total} may be -1 when unknown (a raw stream of unknown length): then no bar and no ETA. */
    void update(long done, long total, String detail) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        double elapsed = (now - startNs) / 1e9;
        if (firstDone == 0 && done > 0) {
            firstDone = done;
            firstNs = now;
        }
        double eta = eta(elapsed, (firstNs - startNs) / 1e9, firstDone, done, total);
        if (terminal && total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %s  %s elapsed, ETA %s ", label,
                    "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, detail, clock(elapsed), clock(eta)));
            out.flush();
            drawn = true;
        } else if (done == total || now - lastLogNs >= LOG_INTERVAL_NS) {
            lastLogNs = now;
            out.println(String.format(Locale.ROOT, "%s: step %d%s %s (%s elapsed, ETA %s)", label, done,
                    total > 0 ? "/" + total : "", detail, clock(elapsed), clock(eta)));
        }
    }

    /**
     * Seconds left at {@code done} of {@code total} steps: the rate since the first reported step, whose time
     * holds the one-time costs (model warm-up, the first call of each tile-batch shape), so it would inflate
     * the ETA of a long run; the plain average until a second step is reported. NaN when unknown.
     */
    static double eta(double elapsed, double firstElapsed, long firstDone, long done, long total) {
        if (done <= 0 || total <= 0) {
            return Double.NaN;
        }
        if (done > firstDone && firstDone > 0) {
            return (elapsed - firstElapsed) / (done - firstDone) * (total - done);
        }
        return elapsed * (total - done) / done;
    }

    void finish() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package dev.vireo.pipeline;

import dev.vireo.InvalidInputException;
import dev.vireo.io.InputGuards;
import dev.vireo.io.video.VideoInfo;
import dev.vireo.metrics.Ssim;

/** What a restoration run refuses before it reads a frame (kept apart so the run itself stays readable). */
final class RunChecks {
    static final String DEFAULT_GEOMETRY = "auto";
    static final int DEFAULT_MAX_SIZE = 0;

    private RunChecks() {}

    /** Flags that cannot be right whatever the input holds. */
    static void settings(RestoreSettings s) {
        InputGuards.refuseOverwrite(s.output(), s.input(), s.reference(), s.modelConfig(), pathOrNull(s.model()));
        InputGuards.refuseOverwrite(VideoRestoration.sibling(s.output(), ".run.json"), s.input(), s.reference());
        if (s.maxSize() < 0) {
            throw new InvalidInputException("--max-size must be 0 (keep) or a positive size, got " + s.maxSize());
        }
        // A measurement is restored at its own size: geometry only shapes the clean clip of a simulation.
        if (!s.simulate() && !DEFAULT_GEOMETRY.equals(s.geometry())) {
            throw new InvalidInputException("--geometry " + InvalidInputException.excerpt(s.geometry())
                    + " applies only with --simulate; a measurement is restored at its own size (crop or resize it first)");
        }
        if (!s.simulate() && s.maxSize() != DEFAULT_MAX_SIZE) {
            throw new InvalidInputException("--max-size " + s.maxSize()
                    + " applies only with --simulate; a measurement is restored at its own size (crop or resize it first)");
        }
    }

    /** Frames that a scored run (simulation or reference) could not score: refused before any output is written. */
    static void frames(RestoreSettings s, VideoInfo info) {
        boolean scored = s.simulate() || s.reference() != null;
        int min = Ssim.WINDOW;
        if (scored && (info.width() < min || info.height() < min)) {
            throw new InvalidInputException(s.input() + " has frames of " + info.width() + "x" + info.height()
                    + "; scoring (SSIM) needs at least " + min + "x" + min);
        }
    }

    /** What lowers a refused run's memory: only flags that act in this mode (--max-size shapes simulations only). */
    static String memoryHint(boolean simulate, int microBatchThatFits) {
        if (microBatchThatFits > 0) {
            return "--option micro-batch=" + microBatchThatFits;
        }
        return simulate ? "a smaller --window or --max-size" : "a smaller --window (or crop the measurement)";
    }

    private static java.nio.file.Path pathOrNull(String model) {
        try {
            return model == null ? null : java.nio.file.Path.of(model);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}

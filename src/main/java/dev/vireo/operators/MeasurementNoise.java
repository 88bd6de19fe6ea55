package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Additive white Gaussian measurement noise y = A x + σ_y·n, kept apart from A. The samples come from
 * a Java generator (SplittableRandom + Box–Muller), so a seed gives the same noise on every device.
 * Values are not clipped: the noise model stays linear-Gaussian.
 */
public final class MeasurementNoise {
    private final double sigma;
    private final long seed;

    public MeasurementNoise(double sigma, long seed) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("noise sigma must be a finite number ≥ 0, got " + sigma);
        }
        this.sigma = sigma;
        this.seed = seed;
    }

    public double sigma() {
        return sigma;
    }

    public long seed() {
        return seed;
    }

    /**
     * σ·n for n standard normal: pairs (u1, u2) = (1 − nextDouble(), nextDouble()) give
     * r = sqrt(−2 ln u1), n[2i] = r·cos(2πu2), n[2i+1] = r·sin(2πu2).
     */
    public float[] sample(int count) {
        float[] out = new float[count];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < count; i += 2) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (sigma * r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < count) {
                out[i + 1] = (float) (sigma * r * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    /** y + σ·n elementwise (a new array). */
    public float[] addTo(float[] y) {
        float[] out = y.clone();
        if (sigma == 0) {
            return out;
        }
        float[] n = sample(y.length);
        for (int i = 0; i < out.length; i++) {
            out[i] += n[i];
        }
        return out;
    }

    /** y + σ·n on y's device and in y's dtype; n in C order of y's shape. */
    public Tensor addTo(Tensor y) {
        if (sigma == 0) {
            return y.clone();
        }
        long numel = y.numel();
        if (numel > Integer.MAX_VALUE) {
            throw new InvalidInputException("measurement too large for noise: " + numel + " values");
        }
        Tensor n = Tensors.onCpu(sample((int) numel), Tensors.shape(y)).to(y.device(), y.scalar_type());
        return y.add(n, new Scalar(1.0));
    }

    @Override
    public String toString() {
        return "gaussian noise sigma=" + sigma + " seed=" + seed;
    }
}

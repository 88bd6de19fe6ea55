package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * The noise sources. Random ones draw with a Java RNG (SplittableRandom + Box–Muller) on the heap and copy
 * to the device, so a seed gives the same numbers on CPU and GPU and across runs.
 */
public final class NoiseSources {
    private static final long INITIAL_STREAM = -1;

    private NoiseSources() {}

    /** One [1, C, H, W] image broadcast to every frame, for x_T and for each step (batch-consistent, the paper). */
    public static NoiseSource shared(long seed) {
        return new Random(seed, true);
    }

    /** An independent image per frame (the ablation without batch-consistent noise). */
    public static NoiseSource independent(long seed) {
        return new Random(seed, false);
    }

    /**
     * Replays given tensors: {@code initial} [1 or N, C, H, W] and {@code steps} [S, 1 or N, C, H, W]
     * (a leading 1 is broadcast to all frames), e.g. the fixture's svi_xT.npy and svi_noise.npy.
     */
    public static NoiseSource given(Tensor initial, Tensor steps) {
        return new Given(initial, steps);
    }

    /** {@code n} standard normal floats from the stream {@code (seed, stream)}. */
    static float[] gaussian(long seed, long stream, int n) {
        // Distinct streams come from distinct seeds of a SplitMix64 generator mixed with a large odd constant.
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + stream);
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    private record Random(long seed, boolean shared) implements NoiseSource {
        @Override
        public Tensor initial(long[] clipShape) {
            return draw(INITIAL_STREAM, clipShape);
        }

        @Override
        public Tensor step(int i, long[] clipShape) {
            return draw(i, clipShape);
        }

        private Tensor draw(long stream, long[] clipShape) {
            long[] s = shared ? new long[] {1, clipShape[1], clipShape[2], clipShape[3]} : clipShape;
            Tensor t = Tensors.fromFloats(gaussian(seed, stream, Math.toIntExact(Tensors.numel(s))), s);
            return shared ? t.expand(clipShape) : t;
        }
    }

    private record Given(Tensor initialNoise, Tensor stepNoise) implements NoiseSource {
        @Override
        public Tensor initial(long[] clipShape) {
            return fit(initialNoise, clipShape, "initial noise");
        }

        @Override
        public Tensor step(int i, long[] clipShape) {
            long have = Tensors.shape(stepNoise)[0];
            if (i >= have) {
                throw new InvalidInputException("given noise has " + have + " steps, step " + i + " was asked for");
            }
            return fit(stepNoise.select(0, i), clipShape, "step noise");
        }

        private static Tensor fit(Tensor t, long[] clipShape, String what) {
            long[] s = Tensors.shape(t);
            boolean ok = s.length == 4 && (s[0] == 1 || s[0] == clipShape[0]) && s[1] == clipShape[1]
                    && s[2] == clipShape[2] && s[3] == clipShape[3];
            if (!ok) {
                throw new InvalidInputException(what + " of shape " + Arrays.toString(s) + " does not fit clip "
                        + Arrays.toString(clipShape));
            }
            return t.expand(clipShape);
        }
    }
}

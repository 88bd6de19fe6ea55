package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import java.util.Locale;

/**
 * How a convolution sees samples outside the clip. Every mode is a fixed linear map from the padded
 * signal back onto the clip, so the adjoint of "pad" scatters each padded sample back onto the clip
 * sample it was copied from (or drops it for {@link #ZERO}).
 */
public enum Boundary {
    /** Wrap around: x[-1] = x[n-1]. The paper's temporal blur; makes symmetric kernels self-adjoint. */
    CIRCULAR("circular"),
    /** Repeat the edge sample: x[-2] = x[-1] = x[0]. */
    REPLICATE("replicate"),
    /** Mirror without repeating the edge (NumPy/PyTorch "reflect"): x[-1] = x[1]. */
    REFLECT("reflect"),
    /** Mirror repeating the edge (NumPy "symmetric", MATLAB imresize): x[-1] = x[0]. */
    SYMMETRIC("symmetric"),
    /** Zeros outside the clip. */
    ZERO("zero");

    private final String specName;

    Boundary(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    /** The clip index that padded index {@code i} copies, or -1 where the padded sample is zero. */
    public int source(long i, long n) {
        return switch (this) {
            case CIRCULAR -> (int) Math.floorMod(i, n);
            case REPLICATE -> (int) Math.max(0, Math.min(n - 1, i));
            case REFLECT -> {
                if (n == 1) {
                    yield 0;
                }
                long m = Math.floorMod(i, 2 * n - 2);
                yield (int) (m < n ? m : 2 * n - 2 - m);
            }
            case SYMMETRIC -> {
                long m = Math.floorMod(i, 2 * n);
                yield (int) (m < n ? m : 2 * n - 1 - m);
            }
            case ZERO -> i >= 0 && i < n ? (int) i : -1;
        };
    }

    public static Boundary parse(String s) {
        for (Boundary b : values()) {
            if (b.specName.equals(s.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new InvalidInputException("unknown boundary '" + s
                + "' (use circular, replicate, reflect, symmetric or zero)");
    }
}

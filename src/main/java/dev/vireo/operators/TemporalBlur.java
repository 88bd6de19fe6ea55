package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Tensor;

/**
 * Temporal PSF: true convolution along the frame axis, y[n] = Σ_j taps[j]·x[n − (j − K/2)], frame
 * count unchanged. Default boundary replicate: real footage does not wrap around in time (the paper's circular
 * boundary, with which a symmetric kernel has Aᵀ = A, is `pad=circular`, and the default under --paper-exact).
 */
public final class TemporalBlur extends SpecOperator {
    public static final Boundary DEFAULT_BOUNDARY = Boundary.REPLICATE;

    private final String description;
    private final double[] taps;
    private final Boundary boundary;
    private final AxisConv conv;

    private TemporalBlur(String description, double[] taps, Boundary boundary) {
        this.description = description;
        this.taps = taps.clone();
        this.boundary = boundary;
        this.conv = new AxisConv(0, taps, boundary);
    }

    /** Mean over k frames (paper: k = 7, 13). */
    public static TemporalBlur uniform(int k, Boundary boundary) {
        positive(k, "frames");
        return new TemporalBlur("uniform:" + k, Kernels.uniform(k), boundary);
    }

    /** Normalised Gaussian, σ in frames, k taps. */
    public static TemporalBlur gaussian(double sigma, int k, Boundary boundary) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("gaussian sigma must be positive, got " + sigma);
        }
        positive(k, "taps");
        return new TemporalBlur("gaussian:" + num(sigma) + ":" + k, Kernels.gaussian(sigma, k), boundary);
    }

    /** Explicit taps, used as given (not normalised); tap K/2 is the centre. */
    public static TemporalBlur taps(double[] taps, Boundary boundary) {
        if (taps.length == 0) {
            throw new InvalidInputException("temporal taps: need at least one tap");
        }
        for (double t : taps) {
            if (!Double.isFinite(t)) {
                throw new InvalidInputException("temporal taps must be finite numbers, got " + t);
            }
        }
        if (Arrays.stream(taps).allMatch(t -> t == 0)) {
            throw new InvalidInputException("temporal taps are all zero: the operator would erase the clip");
        }
        String list = Arrays.stream(taps).mapToObj(SpecOperator::num).collect(Collectors.joining("/"));
        return new TemporalBlur("taps:" + list, taps, boundary);
    }

    private static void positive(int k, String what) {
        if (k < 1) {
            throw new InvalidInputException("temporal kernel needs at least 1 " + what + ", got " + k);
        }
    }

    public double[] taps() {
        return taps.clone();
    }

    public Boundary boundary() {
        return boundary;
    }

    @Override
    public Tensor apply(Tensor x) {
        check(x);
        return conv.apply(x);
    }

    @Override
    public Tensor adjoint(Tensor y) {
        check(y);
        return conv.adjoint(y);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return clipShape(inputShape);
    }

    /** y[n] reads x[n − (K−1−K/2)] … x[n + K/2]; none with wrap-around, whose reach is the whole clip. */
    @Override
    public int[] temporalReach() {
        return boundary == Boundary.CIRCULAR ? null : new int[] {taps.length - 1 - taps.length / 2, taps.length / 2};
    }

    @Override
    public String spec() {
        return "temporal:" + description + padOption(boundary, DEFAULT_BOUNDARY);
    }
}

package dev.vireo.operators;

/** Kernel taps shared by the blur operators (see docs/operators.md for the definitions). */
public final class Kernels {
    private Kernels() {}

    /** 2⌈3σ⌉+1 taps, the default Gaussian support. */
    public static int defaultGaussianSize(double sigma) {
        double size = 2 * Math.ceil(3 * sigma) + 1;
        if (!(size <= MAX_DEFAULT_SIZE)) {
            throw new dev.vireo.InvalidInputException("gaussian sigma " + SpecOperator.num(sigma)
                    + " is too large: its default size 2*ceil(3*sigma)+1 exceeds " + MAX_DEFAULT_SIZE
                    + " taps (sigma at most " + (MAX_DEFAULT_SIZE - 1) / 6 + ")");
        }
        return (int) size;
    }

    /** Largest kernel a sigma alone may ask for (the spatial blur's limit too). */
    static final int MAX_DEFAULT_SIZE = 1001;

    /** Taps at i − (k−1)/2 weighted exp(−½(u/σ)²), normalised to sum 1 (the paper's helper). */
    public static double[] gaussian(double sigma, int k) {
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double u = (i - (k - 1) / 2.0) / sigma;
            g[i] = Math.exp(-0.5 * u * u);
            sum += g[i];
        }
        for (int i = 0; i < k; i++) {
            g[i] /= sum;
        }
        return g;
    }

    public static double[] uniform(int k) {
        double[] u = new double[k];
        java.util.Arrays.fill(u, 1.0 / k);
        return u;
    }

    /**
     * Linear motion blur: a segment of {@code length} pixels centred on the kernel centre at
     * {@code angleDeg} degrees counter-clockwise from the +x (column) axis, rows pointing down. The
     * segment is sampled at 64 points per pixel of length (midpoints) and each sample is splatted
     * bilinearly onto the grid; the result sums to 1. Size 2⌈length/2⌉+1 square.
     */
    public static double[][] motion(double length, double angleDeg) {
        int r = (int) Math.ceil(length / 2);
        int size = 2 * r + 1;
        double[][] k = new double[size][size];
        int samples = Math.max(64, (int) Math.ceil(64 * length));
        double rad = Math.toRadians(angleDeg);
        double dx = Math.cos(rad);
        double dy = -Math.sin(rad);
        for (int m = 0; m < samples; m++) {
            double t = -length / 2 + (m + 0.5) * length / samples;
            double col = r + t * dx;
            double row = r + t * dy;
            int c0 = (int) Math.floor(col);
            int r0 = (int) Math.floor(row);
            double fc = col - c0;
            double fr = row - r0;
            splat(k, r0, c0, (1 - fr) * (1 - fc) / samples);
            splat(k, r0, c0 + 1, (1 - fr) * fc / samples);
            splat(k, r0 + 1, c0, fr * (1 - fc) / samples);
            splat(k, r0 + 1, c0 + 1, fr * fc / samples);
        }
        return normalised(k);
    }

    private static void splat(double[][] k, int row, int col, double w) {
        if (w != 0) {
            k[row][col] += w;
        }
    }

    static double[][] outer(double[] col, double[] row) {
        double[][] k = new double[col.length][row.length];
        for (int i = 0; i < col.length; i++) {
            for (int j = 0; j < row.length; j++) {
                k[i][j] = col[i] * row[j];
            }
        }
        return k;
    }

    /** Divides by the sum; a kernel summing to (nearly) zero cannot be a PSF. */
    static double[][] normalised(double[][] k) {
        double sum = 0;
        for (double[] row : k) {
            for (double v : row) {
                sum += v;
            }
        }
        if (!(Math.abs(sum) > 1e-12)) {
            throw new dev.vireo.InvalidInputException("blur kernel sums to " + sum + "; a PSF must have a non-zero sum");
        }
        double[][] out = new double[k.length][];
        for (int i = 0; i < k.length; i++) {
            out[i] = new double[k[i].length];
            for (int j = 0; j < k[i].length; j++) {
                out[i][j] = k[i][j] / sum;
            }
        }
        return out;
    }

    /** {col, row} with kernel = col ⊗ row when the kernel has rank 1 (to 1e-12 relative), else null. */
    static double[][] separate(double[][] k) {
        int pr = 0;
        int pc = 0;
        double max = 0;
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < k[i].length; j++) {
                if (Math.abs(k[i][j]) > max) {
                    max = Math.abs(k[i][j]);
                    pr = i;
                    pc = j;
                }
            }
        }
        if (max == 0) {
            return null;
        }
        double[] col = new double[k.length];
        double[] row = new double[k[0].length];
        for (int i = 0; i < k.length; i++) {
            col[i] = k[i][pc];
        }
        for (int j = 0; j < row.length; j++) {
            row[j] = k[pr][j] / k[pr][pc];
        }
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < row.length; j++) {
                if (Math.abs(k[i][j] - col[i] * row[j]) > 1e-12 * max) {
                    return null;
                }
            }
        }
        return new double[][] {col, row};
    }
}

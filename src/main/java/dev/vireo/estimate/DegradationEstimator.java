package dev.vireo.estimate;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.operators.Kernels;
import java.util.Arrays;

/**
 * Estimates, from a measured clip alone, the three parts of the degradation {@code restore} needs: the noise
 * σ_y per channel, the length k of a {@code temporal:uniform:k} average and the σ of a {@code
 * blur:gaussian:σ} blur (methods and accuracy in docs/estimate.md). Plain Java over the clip's floats,
 * deterministic: the same clip gives the same estimate on every machine.
 */
public final class DegradationEstimator {
    /** Gaussian σ below this is reported as no blur: the bundled clean clips measure 0 to 0.7. */
    public static final double BLUR_THRESHOLD = 0.8;

    /** Side of the block means the temporal spectrum is taken on (averages the noise down 8×). */
    private static final int TEMPORAL_BLOCK = 8;
    /** Cosine terms of the smooth clean temporal log-spectrum. */
    private static final int SPECTRUM_TERMS = 4;
    /** Side of the blocks of diagonal Haar coefficients whose energy estimates the local noise. */
    private static final int NOISE_BLOCK = 8;
    private static final double[] REBLUR = {0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0};
    /** Frames used for the spatial estimates (evenly spaced); enough for stable statistics. */
    private static final int SPATIAL_FRAMES = 8;

    private DegradationEstimator() {}

    /** All three estimates; the noise is estimated first and used by the other two. */
    public static Estimate estimate(Clip measured) {
        if (measured.height() < 2 * NOISE_BLOCK || measured.width() < 2 * NOISE_BLOCK) {
            throw new InvalidInputException("cannot estimate the degradation of " + measured.width() + "x"
                    + measured.height() + " frames: at least " + 2 * NOISE_BLOCK + "x" + 2 * NOISE_BLOCK + " needed");
        }
        double[][] n = noise(measured);
        double sigma = mean(n[0]);
        double[] k = temporalFrames(measured, sigma);
        double[] b = blur(measured, sigma);
        return new Estimate((int) k[0], k[1], b[0], b[1], n[0], n[1][0]);
    }

    /**
     * Noise σ per channel from the finest diagonal Haar band HH = (a − b − c + d)/2 of each 2×2 cell, which
     * holds σ² of white noise and little of a natural image. The energy of HH in 8×8 blocks is pooled as the
     * 10 % quantile over blocks (the flattest regions, where texture adds least), divided by that quantile of
     * a χ²₆₄/64 variable, so pure noise is unbiased. Returns {σ per channel, {confidence}}: the confidence is
     * the ratio of this estimate to the same one at the 30 % quantile (1 when the flat blocks are pure noise).
     */
    static double[][] noise(Clip y) {
        int[] frames = spread(y.frames(), 2 * SPATIAL_FRAMES);
        int hh = y.height() / 2;
        int hw = y.width() / 2;
        int bh = hh / NOISE_BLOCK;
        int bw = hw / NOISE_BLOCK;
        int dof = NOISE_BLOCK * NOISE_BLOCK;
        double[] sigma = new double[y.channels()];
        double conf = 1;
        for (int c = 0; c < y.channels(); c++) {
            double[] energy = new double[frames.length * bh * bw];
            int at = 0;
            for (int t : frames) {
                int base = (t * y.channels() + c) * y.height() * y.width();
                for (int bi = 0; bi < bh; bi++) {
                    for (int bj = 0; bj < bw; bj++) {
                        double s = 0;
                        for (int i = bi * NOISE_BLOCK; i < (bi + 1) * NOISE_BLOCK; i++) {
                            int r0 = base + 2 * i * y.width();
                            int r1 = r0 + y.width();
                            for (int j = bj * NOISE_BLOCK; j < (bj + 1) * NOISE_BLOCK; j++) {
                                double d = 0.5 * ((double) y.data()[r0 + 2 * j] - y.data()[r0 + 2 * j + 1]
                                        - y.data()[r1 + 2 * j] + y.data()[r1 + 2 * j + 1]);
                                s += d * d;
                            }
                        }
                        energy[at++] = s / dof;
                    }
                }
            }
            Arrays.sort(energy);
            double low = Math.sqrt(quantile(energy, 0.1) / chiSquareQuantile(dof, -1.2815516));
            double mid = Math.sqrt(quantile(energy, 0.3) / chiSquareQuantile(dof, -0.5244005));
            sigma[c] = low;
            conf = Math.min(conf, mid > 0 ? low / mid : 1);
        }
        return new double[][] {sigma, {conf}};
    }

    /**
     * Temporal averaging length k of {@code temporal:uniform:k} (a sliding mean with circular boundary: the
     * frame count is kept and the DFT of the clip along time is multiplied by that of the box,
     * |H_k(j)|² = sin²(πkj/N) / (k² sin²(πj/N))). The pixel-averaged temporal power spectrum P(j) of the
     * 8×8 block means is fitted, for each k, by log(|H_k|²·exp(Σ_q a_q cos 2πqj/N) + ν), a smooth clean
     * spectrum times the box plus the (known) noise floor ν; the k with the smallest residual wins. Only
     * k &lt; N/2 can be told apart (|H_k| and |H_{N−k}| differ by a constant factor on the circle).
     * Returns {k, confidence = 1 − best residual / second best}.
     */
    static double[] temporalFrames(Clip y, double sigma) {
        int n = y.frames();
        int maxK = (n - 1) / 2;
        if (maxK < 2) {
            return new double[] {1, 0};
        }
        int b = Math.max(1, Math.min(TEMPORAL_BLOCK, Math.min(y.height(), y.width()) / 8));
        double[] power = temporalPower(y, b);
        double nu = n * sigma * sigma / (b * b);
        int half = n / 2;
        double max = 0;
        for (int j = 1; j <= half; j++) {
            max = Math.max(max, power[j]);
        }
        if (!(max > 0)) {
            return new double[] {1, 0};
        }
        double best = Double.POSITIVE_INFINITY;
        double second = Double.POSITIVE_INFINITY;
        int bestK = 1;
        for (int k = 1; k <= maxK; k++) {
            double r = spectrumFit(power, k, nu, 1e-12 * max);
            if (r < best) {
                second = best;
                best = r;
                bestK = k;
            } else if (r < second) {
                second = r;
            }
        }
        return new double[] {bestK, second > 0 ? Math.max(0, 1 - best / second) : 0};
    }

    /** Mean over pixels and channels of |DFT_t(block mean − its temporal mean)|², bins 0..N−1. */
    private static double[] temporalPower(Clip y, int b) {
        int n = y.frames();
        int h = y.height() / b;
        int w = y.width() / b;
        double[] series = new double[n];
        double[] power = new double[n];
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int m = 0; m < n; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        int plane = y.height() * y.width();
        for (int c = 0; c < y.channels(); c++) {
            for (int bi = 0; bi < h; bi++) {
                for (int bj = 0; bj < w; bj++) {
                    double avg = 0;
                    for (int t = 0; t < n; t++) {
                        int base = (t * y.channels() + c) * plane;
                        double s = 0;
                        for (int i = bi * b; i < (bi + 1) * b; i++) {
                            for (int j = bj * b; j < (bj + 1) * b; j++) {
                                s += y.data()[base + i * y.width() + j];
                            }
                        }
                        series[t] = s / (b * b);
                        avg += series[t];
                    }
                    avg /= n;
                    for (int f = 0; f < n; f++) {
                        double re = 0;
                        double im = 0;
                        for (int t = 0; t < n; t++) {
                            int m = (int) ((long) f * t % n);
                            re += (series[t] - avg) * cos[m];
                            im -= (series[t] - avg) * sin[m];
                        }
                        power[f] += re * re + im * im;
                    }
                }
            }
        }
        for (int f = 0; f < n; f++) {
            power[f] /= (double) y.channels() * h * w;
        }
        return power;
    }

    /**
     * Mean squared log residual of the best fit of bins 1..N/2 by log(h·exp(φ·a) + ν + ε), found by
     * Levenberg–Marquardt on the few coefficients a.
     */
    static double spectrumFit(double[] power, int k, double nu, double eps) {
        int n = power.length;
        int half = n / 2;
        int q = SPECTRUM_TERMS;
        double[] h = new double[half];
        double[] target = new double[half];
        double[][] phi = new double[half][q];
        double[] sorted = new double[half];
        for (int j = 1; j <= half; j++) {
            double s = Math.sin(Math.PI * j / n);
            double sk = Math.sin(Math.PI * k * j / n);
            h[j - 1] = sk * sk / ((double) k * k * s * s);
            target[j - 1] = Math.log(power[j] + eps);
            sorted[j - 1] = power[j];
            for (int p = 0; p < q; p++) {
                phi[j - 1][p] = Math.cos(2 * Math.PI * p * j / n);
            }
        }
        Arrays.sort(sorted);
        double[] a = new double[q];
        a[0] = Math.log(quantile(sorted, 0.5) + eps);
        double lambda = 1e-3;
        double cost = residual(a, h, phi, target, nu, eps, null, null);
        for (int it = 0; it < 200; it++) {
            double[] r = new double[half];
            double[][] jac = new double[half][q];
            residual(a, h, phi, target, nu, eps, r, jac);
            double[][] jtj = new double[q][q];
            double[] jtr = new double[q];
            for (int j = 0; j < half; j++) {
                for (int p = 0; p < q; p++) {
                    jtr[p] += jac[j][p] * r[j];
                    for (int s = 0; s < q; s++) {
                        jtj[p][s] += jac[j][p] * jac[j][s];
                    }
                }
            }
            boolean improved = false;
            while (lambda < 1e12) {
                double[][] m = new double[q][q];
                for (int p = 0; p < q; p++) {
                    m[p] = jtj[p].clone();
                    m[p][p] += lambda * (jtj[p][p] + 1e-12);
                }
                double[] step = solve(m, jtr);
                double[] next = a.clone();
                for (int p = 0; p < q; p++) {
                    next[p] -= step[p];
                }
                double c = residual(next, h, phi, target, nu, eps, null, null);
                if (c < cost) {
                    improved = cost - c > 1e-12 * cost;
                    a = next;
                    cost = c;
                    lambda = Math.max(lambda / 10, 1e-9);
                    break;
                }
                lambda *= 10;
            }
            if (!improved) {
                break;
            }
        }
        return cost / half;
    }

    private static double residual(double[] a, double[] h, double[][] phi, double[] target, double nu, double eps,
            double[] r, double[][] jac) {
        double cost = 0;
        for (int j = 0; j < h.length; j++) {
            double s = 0;
            for (int p = 0; p < a.length; p++) {
                s += phi[j][p] * a[p];
            }
            double sig = h[j] * Math.exp(s);
            double model = sig + nu + eps;
            double e = Math.log(model) - target[j];
            cost += e * e;
            if (r != null) {
                r[j] = e;
                for (int p = 0; p < a.length; p++) {
                    jac[j][p] = sig / model * phi[j][p];
                }
            }
        }
        return cost;
    }

    /**
     * Gaussian blur σ from the re-blur curve: the mean squared gradient G(s) of the clip blurred again by
     * Gaussians of σ = s (less the known noise's share) falls like (σ² + s²)^−β for a blurred natural image
     * (β from the image's spectral slope, 1 for a 1/f² power spectrum). σ is found by a grid search
     * (0.01 px steps up to 5) with c and β fitted by least squares on log G. Below {@link #BLUR_THRESHOLD} it is
     * reported as 0. Returns {σ, confidence = max(0, 1 − 10·rms log residual)}.
     */
    static double[] blur(Clip y, double sigma) {
        int[] frames = spread(y.frames(), SPATIAL_FRAMES);
        int margin = 10;
        if (y.height() <= 4 * margin || y.width() <= 4 * margin) {
            return new double[] {0, 0};
        }
        int m = REBLUR.length;
        double[] logG = new double[m];
        double[] s2 = new double[m];
        int used = 0;
        for (double s : REBLUR) {
            double[] g = Kernels.gaussian(s, Kernels.defaultGaussianSize(s));
            double e = 0;
            double g2 = 0;
            for (int i = 0; i < g.length; i++) {
                double d = (i + 1 < g.length ? g[i + 1] : 0) - g[i];
                e += d * d;
                g2 += g[i] * g[i];
            }
            if (g.length > 0) {
                e += g[0] * g[0];
            }
            double grad = gradientEnergy(y, frames, g, margin) - sigma * sigma * 2 * e * g2;
            if (grad > 0) {
                logG[used] = Math.log(grad);
                s2[used] = s * s;
                used++;
            }
        }
        if (used < 3) {
            return new double[] {0, 0};
        }
        double bestRes = Double.POSITIVE_INFINITY;
        double best = 0;
        for (int step = 0; step <= 500; step++) {
            double sg = step * 0.01;
            double[] x = new double[used];
            for (int i = 0; i < used; i++) {
                x[i] = -Math.log(sg * sg + s2[i]);
            }
            double res = lineFitResidual(x, Arrays.copyOf(logG, used));
            if (res < bestRes - 1e-15) {
                bestRes = res;
                best = sg;
            }
        }
        double rms = Math.sqrt(bestRes / used);
        double conf = Math.max(0, 1 - 10 * rms);
        return new double[] {best < BLUR_THRESHOLD ? 0 : Math.round(best * 100) / 100.0, conf};
    }

    /** Mean of squared horizontal and vertical differences of the frames blurred by taps g (reflect), inside a margin. */
    private static double gradientEnergy(Clip y, int[] frames, double[] g, int margin) {
        int h = y.height();
        int w = y.width();
        int r = g.length / 2;
        double[] tmp = new double[h * w];
        double[] out = new double[h * w];
        double total = 0;
        long count = 0;
        for (int t : frames) {
            for (int c = 0; c < y.channels(); c++) {
                int base = (t * y.channels() + c) * h * w;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double s = 0;
                        for (int k = 0; k < g.length; k++) {
                            s += g[k] * y.data()[base + i * w + reflect(j - (k - r), w)];
                        }
                        tmp[i * w + j] = s;
                    }
                }
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double s = 0;
                        for (int k = 0; k < g.length; k++) {
                            s += g[k] * tmp[reflect(i - (k - r), h) * w + j];
                        }
                        out[i * w + j] = s;
                    }
                }
                for (int i = margin; i < h - margin; i++) {
                    for (int j = margin; j < w - margin; j++) {
                        double dx = out[i * w + j + 1] - out[i * w + j];
                        double dy = out[(i + 1) * w + j] - out[i * w + j];
                        total += dx * dx + dy * dy;
                        count++;
                    }
                }
            }
        }
        return total / count;
    }

    private static int reflect(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return i;
    }

    /** Residual sum of squares of the least-squares line y ≈ c + β·x. */
    private static double lineFitResidual(double[] x, double[] y) {
        int n = x.length;
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double beta = sxx > 0 ? sxy / sxx : 0;
        double res = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - my - beta * (x[i] - mx);
            res += e * e;
        }
        return res;
    }

    /** Wilson–Hilferty approximation of the quantile (at standard normal z) of χ²_ν / ν. */
    private static double chiSquareQuantile(int nu, double z) {
        double a = 2.0 / (9 * nu);
        double v = 1 - a + z * Math.sqrt(a);
        return v * v * v;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Up to {@code count} frame indices spread evenly over 0..n−1. */
    private static int[] spread(int n, int count) {
        int m = Math.min(n, count);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = (int) ((long) i * n / m);
        }
        return idx;
    }

    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int p = 0; p < n; p++) {
            int piv = p;
            for (int i = p + 1; i < n; i++) {
                if (Math.abs(m[i][p]) > Math.abs(m[piv][p])) {
                    piv = i;
                }
            }
            double[] tr = m[p];
            m[p] = m[piv];
            m[piv] = tr;
            double tb = x[p];
            x[p] = x[piv];
            x[piv] = tb;
            for (int i = p + 1; i < n; i++) {
                double f = m[i][p] / m[p][p];
                for (int j = p; j < n; j++) {
                    m[i][j] -= f * m[p][j];
                }
                x[i] -= f * x[p];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

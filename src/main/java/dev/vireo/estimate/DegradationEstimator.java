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

    /** Side of the block means the temporal likelihood is taken on (averages the noise down 8×). */
    private static final int TEMPORAL_BLOCK = 8;
    /** Cosine terms of the smooth clean temporal log-spectrum (the constant one is each group's scale). */
    private static final int SPECTRUM_TERMS = 4;
    /**
     * Blocks are split by the energy of their increments into this many groups, each with its own scale of the
     * shared spectrum: still and moving regions differ by orders of magnitude, and one pooled scale would
     * make the still blocks (noise only) look like a different spectrum.
     */
    private static final int ENERGY_GROUPS = 4;
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
        return new Estimate((int) k[0], k[1], k[2] > 0, b[0], b[1], n[0], n[1][0]);
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
     * Temporal averaging length k of {@code temporal:uniform:k} and its boundary, by maximum likelihood on the
     * frame-to-frame increments of the 8×8 block means (the block mean averages the noise down 8×; the temporal
     * operator commutes with it). The clean increments u are modelled as a stationary Gaussian process with a
     * smooth spectrum exp(Σ_q a_q cos qλ) (increments of natural footage are near white), with one scale per
     * energy group of blocks. A k-frame sliding mean maps them exactly onto the measured increments, d = G u,
     * for each of three {@link Ends}: the replicate boundary, the circular one, or unseen frames beyond the clip
     * (a cut from longer footage), so d's covariance G T(a) Gᵀ + noise holds at the ends of the clip as well as
     * inside, without treating the clip as periodic. For each k ≤ (N − 1)/2 and each kind of ends the a_q are
     * fitted by Fisher scoring; the (k, ends) with the smallest −2 log-likelihood wins. Returns {k,
     * confidence = 1 − exp(−δ), 1 if circular won}, δ the per-block −2 log-likelihood margin over the best other k.
     */
    static double[] temporalFrames(Clip y, double sigma) {
        int n = y.frames();
        int maxK = (n - 1) / 2;
        if (maxK < 2) {
            return new double[] {1, 0, 0};
        }
        int b = Math.max(1, Math.min(TEMPORAL_BLOCK, Math.min(y.height(), y.width()) / 8));
        IncrementStats st = incrementStats(y, b);
        if (!(Arrays.stream(st.energy()).sum() > 0)) {
            return new double[] {1, 0, 0};
        }
        IncrementModel model = new IncrementModel(n - 1, n - 1 + maxK, sigma * sigma / (b * b));
        double[] perK = new double[maxK + 1];
        Arrays.fill(perK, Double.POSITIVE_INFINITY);
        int bestK = 1;
        double best = Double.POSITIVE_INFINITY;
        Ends bestEnds = Ends.REPLICATE;
        double[][] start = new double[Ends.values().length][];
        for (int k = 1; k <= maxK; k++) {
            for (Ends ends : k == 1 ? new Ends[] {Ends.REPLICATE} : Ends.values()) {
                // Warm start from the previous k's fit: neighbouring k have similar clean spectra.
                double[] theta = model.fit(averaging(n, k, ends), st, start[ends.ordinal()]);
                start[ends.ordinal()] = theta;
                if (k == 1) {
                    Arrays.fill(start, theta);
                }
                double f = theta[theta.length - 1] / st.total();
                perK[k] = Math.min(perK[k], f);
                if (f < best) {
                    best = f;
                    bestK = k;
                    bestEnds = ends;
                }
            }
        }
        double second = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= maxK; k++) {
            if (k != bestK) {
                second = Math.min(second, perK[k]);
            }
        }
        double conf = Double.isFinite(second) ? 1 - Math.exp(-(second - best)) : 0;
        return new double[] {bestK, conf, bestEnds == Ends.CIRCULAR ? 1 : 0};
    }

    /** What the averaging saw beyond the clip's first and last frame. */
    enum Ends {
        /** The edge frames repeated (the default of degrade): increments outside the clip are zero. */
        REPLICATE,
        /** Wrapped around: the wrap-around increment x[0] − x[N−1] is −Σ u. */
        CIRCULAR,
        /** Frames that are not in the clip (a cut from longer averaged footage): k − 1 more unknown increments. */
        UNSEEN
    }

    /**
     * G with d = G u: the N − 1 increments of the k-frame sliding mean y[r] = mean x[r − (k−1−k/2) … r + k/2]
     * from the increments u[t] = x[t+1] − x[t]. Each d[r] = (x[r+1+k/2] − x[r−(k−1−k/2)])/k is the sum of the
     * increments between those frames; u has N − 1 entries, or N + k − 2 when the ends are {@link Ends#UNSEEN}
     * (u starting at x[−(k−1−k/2)]).
     */
    static double[][] averaging(int n, int k, Ends ends) {
        int lo = k - 1 - k / 2;
        int hi = k / 2;
        double[][] g = new double[n - 1][ends == Ends.UNSEEN ? n + k - 2 : n - 1];
        for (int r = 0; r < n - 1; r++) {
            // x[r+1+hi] − x[r−lo] = Σ_{t=r−lo}^{r+hi} (x[t+1] − x[t])
            for (int t = r - lo; t <= r + hi; t++) {
                if (ends == Ends.UNSEEN) {
                    g[r][t + lo] += 1.0 / k;
                    continue;
                }
                int tt = ends == Ends.CIRCULAR ? Math.floorMod(t, n) : t;
                if (tt == n - 1 && ends == Ends.CIRCULAR) {
                    for (int j = 0; j < n - 1; j++) {
                        g[r][j] -= 1.0 / k;
                    }
                } else if (tt >= 0 && tt < n - 1) {
                    g[r][tt] += 1.0 / k;
                }
            }
        }
        return g;
    }

    /**
     * The N − 1 increments d of every block mean (all channels), sorted by their energy |d|² into
     * {@link #ENERGY_GROUPS} equal groups, and per group Σ d dᵀ and the block count.
     */
    record IncrementStats(double[][][] scatter, int[] blocks, double[] energy) {
        int total() {
            return Arrays.stream(blocks).sum();
        }
    }

    private static IncrementStats incrementStats(Clip y, int b) {
        int n = y.frames();
        int h = y.height() / b;
        int w = y.width() / b;
        int plane = y.height() * y.width();
        int count = y.channels() * h * w;
        double[] series = new double[n];
        double[][] d = new double[count][n - 1];
        double[] norm = new double[count];
        int at = 0;
        for (int c = 0; c < y.channels(); c++) {
            for (int bi = 0; bi < h; bi++) {
                for (int bj = 0; bj < w; bj++) {
                    for (int t = 0; t < n; t++) {
                        int base = (t * y.channels() + c) * plane;
                        double s = 0;
                        for (int i = bi * b; i < (bi + 1) * b; i++) {
                            for (int j = bj * b; j < (bj + 1) * b; j++) {
                                s += y.data()[base + i * y.width() + j];
                            }
                        }
                        series[t] = s / (b * b);
                    }
                    for (int t = 0; t + 1 < n; t++) {
                        d[at][t] = series[t + 1] - series[t];
                        norm[at] += d[at][t] * d[at][t];
                    }
                    at++;
                }
            }
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (u, v) -> Double.compare(norm[u], norm[v]));
        int groups = Math.min(ENERGY_GROUPS, count);
        double[][][] scatter = new double[groups][n - 1][n - 1];
        int[] blocks = new int[groups];
        double[] energy = new double[groups];
        for (int r = 0; r < count; r++) {
            int g = (int) ((long) r * groups / count);
            double[] v = d[order[r]];
            blocks[g]++;
            energy[g] += norm[order[r]];
            for (int i = 0; i < n - 1; i++) {
                for (int j = 0; j <= i; j++) {
                    scatter[g][i][j] += v[i] * v[j];
                }
            }
        }
        for (double[][] sg : scatter) {
            for (int i = 0; i < n - 1; i++) {
                for (int j = 0; j < i; j++) {
                    sg[j][i] = sg[i][j];
                }
            }
        }
        return new IncrementStats(scatter, blocks, energy);
    }

    /**
     * The Gaussian model of the increments: covariance C = scale·G T(a) Gᵀ + ν·(2, −1 Toeplitz), T(a) the Toeplitz
     * matrix of c(τ) = ∫ exp(Σ a_q cos qλ) cos λτ dλ/π on a midpoint grid of [0, π].
     */
    static final class IncrementModel {
        private static final int GRID = 256;
        private final int m;
        private final double nu;
        private final double[][] cosLag;
        private final double[][] basis;

        /** {@code m} increments measured, lags up to {@code lags} − 1 in the clean ones. */
        IncrementModel(int m, int lags, double nu) {
            this.m = m;
            this.nu = nu;
            cosLag = new double[lags][GRID];
            basis = new double[SPECTRUM_TERMS][GRID];
            for (int l = 0; l < GRID; l++) {
                double lambda = Math.PI * (l + 0.5) / GRID;
                for (int t = 0; t < lags; t++) {
                    cosLag[t][l] = Math.cos(lambda * t);
                }
                for (int q = 0; q < SPECTRUM_TERMS; q++) {
                    basis[q][l] = Math.cos(q * lambda);
                }
            }
        }

        /**
         * {θ…, f}: the minimum f over θ of −2 log-likelihood (up to a constant) of the increments under d = G u,
         * from {@code start} (or a flat spectrum at the groups' energies when null); θ is one log-scale per energy
         * group, then the shared cosine terms q = 1…Q−1.
         */
        double[] fit(double[][] g, IncrementStats st, double[] start) {
            int groups = st.blocks().length;
            int q = groups + SPECTRUM_TERMS - 1;
            double[] a = new double[q];
            if (start != null) {
                a = Arrays.copyOf(start, q);
            } else {
                for (int i = 0; i < groups; i++) {
                    a[i] = Math.log(Math.max(st.energy()[i], 1e-30) / Math.max(1, st.blocks()[i]) / m);
                }
            }
            double f = evaluate(a, g, st, false)[0];
            double damping = 1e-6;
            for (int it = 0; it < 100 && Double.isFinite(f); it++) {
                double[] full = evaluate(a, g, st, true);
                double[] grad = Arrays.copyOfRange(full, 1, 1 + q);
                double[][] fisher = new double[q][q];
                for (int p = 0; p < q; p++) {
                    for (int r = 0; r < q; r++) {
                        fisher[p][r] = full[1 + q + p * q + r];
                    }
                }
                boolean improved = false;
                while (damping < 1e8) {
                    double[][] mat = new double[q][];
                    for (int p = 0; p < q; p++) {
                        mat[p] = fisher[p].clone();
                        mat[p][p] += damping * (fisher[p][p] + 1e-12);
                    }
                    double[] step = solve(mat, grad);
                    double[] next = a.clone();
                    for (int p = 0; p < q; p++) {
                        next[p] -= step[p];
                    }
                    double fn = evaluate(next, g, st, false)[0];
                    if (fn < f) {
                        improved = f - fn > 1e-8 * Math.abs(f);
                        a = next;
                        f = fn;
                        damping = Math.max(damping / 10, 1e-9);
                        break;
                    }
                    damping *= 10;
                }
                if (!improved) {
                    break;
                }
            }
            double[] out = Arrays.copyOf(a, q + 1);
            out[q] = f;
            return out;
        }

        /**
         * {f} or, with derivatives, {f, ∂f/∂θ …, Fisher information F …} of f = Σ_groups n_g log det C_g +
         * tr(C_g⁻¹ S_g); f is +∞ where a C_g is not positive definite.
         */
        private double[] evaluate(double[] theta, double[][] g, IncrementStats st, boolean derivatives) {
            int groups = st.blocks().length;
            int q = theta.length;
            int terms = SPECTRUM_TERMS;
            double[] shape = new double[GRID];
            for (int l = 0; l < GRID; l++) {
                double e = 0;
                for (int p = 1; p < terms; p++) {
                    e += theta[groups + p - 1] * basis[p][l];
                }
                shape[l] = Math.exp(Math.max(-60, Math.min(30, e)));
            }
            // mats[0] = G T Gᵀ; mats[p] = ∂/∂a_p of it (the spectrum times cos pλ).
            double[][][] mats = new double[derivatives ? terms : 1][][];
            for (int p = 0; p < mats.length; p++) {
                mats[p] = sandwich(g, lags(shape, p == 0 ? null : basis[p], g[0].length));
            }
            double[] out = new double[derivatives ? 1 + q + q * q : 1];
            for (int grp = 0; grp < groups; grp++) {
                int n = st.blocks()[grp];
                double scale = Math.exp(Math.max(-200, Math.min(200, theta[grp])));
                double[][] c = new double[m][m];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] = scale * mats[0][i][j];
                    }
                    c[i][i] += 2 * nu;
                    if (i > 0) {
                        c[i][i - 1] -= nu;
                        c[i - 1][i] -= nu;
                    }
                }
                double[][] chol = cholesky(c);
                if (chol == null) {
                    out[0] = Double.POSITIVE_INFINITY;
                    return out;
                }
                double[][] inv = inverse(chol);
                double[][] sg = st.scatter()[grp];
                double logDet = 0;
                for (int i = 0; i < m; i++) {
                    logDet += 2 * Math.log(chol[i][i]);
                }
                out[0] += n * logDet + trace(inv, sg);
                if (!derivatives) {
                    continue;
                }
                // ∂f/∂θ = tr((n·C⁻¹ − C⁻¹ S C⁻¹) ∂C), Fisher n·tr(C⁻¹ ∂_p C C⁻¹ ∂_r C), over this group's parameters.
                double[][] aMat = multiply(inv, multiply(sg, inv));
                int[] index = new int[terms];
                double[][][] pm = new double[terms][][];
                for (int p = 0; p < terms; p++) {
                    index[p] = p == 0 ? grp : groups + p - 1;
                    double gr = 0;
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < m; j++) {
                            gr += (n * inv[i][j] - aMat[i][j]) * scale * mats[p][i][j];
                        }
                    }
                    out[1 + index[p]] += gr;
                    pm[p] = multiply(inv, mats[p]);
                }
                for (int p = 0; p < terms; p++) {
                    for (int r = p; r < terms; r++) {
                        double t = n * scale * scale * trace(pm[p], pm[r]);
                        out[1 + q + index[p] * q + index[r]] += t;
                        if (r != p) {
                            out[1 + q + index[r] * q + index[p]] += t;
                        }
                    }
                }
            }
            return out;
        }

        /** c(τ) = mean over the grid of spec·(weight)·cos λτ, τ = 0..count−1. */
        private double[] lags(double[] spec, double[] weight, int count) {
            double[] c = new double[count];
            for (int t = 0; t < count; t++) {
                double s = 0;
                for (int l = 0; l < GRID; l++) {
                    s += spec[l] * (weight == null ? 1 : weight[l]) * cosLag[t][l];
                }
                c[t] = s / GRID;
            }
            return c;
        }

        /** G · Toeplitz(c) · Gᵀ. */
        private double[][] sandwich(double[][] g, double[] c) {
            int u = c.length;
            double[][] gt = new double[m][u];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < u; p++) {
                    double v = g[i][p];
                    if (v == 0) {
                        continue;
                    }
                    for (int j = 0; j < u; j++) {
                        gt[i][j] += v * c[Math.abs(p - j)];
                    }
                }
            }
            double[][] out = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int p = 0; p < u; p++) {
                        s += gt[i][p] * g[j][p];
                    }
                    out[i][j] = s;
                    out[j][i] = s;
                }
            }
            return out;
        }

        /** tr(x y) for square matrices. */
        private double trace(double[][] x, double[][] y) {
            double t = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    t += x[i][j] * y[j][i];
                }
            }
            return t;
        }

        /** Lower Cholesky factor of a symmetric matrix, or null when it is not positive definite. */
        private double[][] cholesky(double[][] c) {
            double[][] l = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = c[i][j];
                    for (int p = 0; p < j; p++) {
                        s -= l[i][p] * l[j][p];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            return null;
                        }
                        l[i][i] = Math.sqrt(s);
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            return l;
        }

        /** (L Lᵀ)⁻¹ from the lower factor L. */
        private double[][] inverse(double[][] l) {
            double[][] li = new double[m][m];
            for (int j = 0; j < m; j++) {
                li[j][j] = 1 / l[j][j];
                for (int i = j + 1; i < m; i++) {
                    double s = 0;
                    for (int p = j; p < i; p++) {
                        s -= l[i][p] * li[p][j];
                    }
                    li[i][j] = s / l[i][i];
                }
            }
            double[][] inv = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int p = i; p < m; p++) {
                        s += li[p][i] * li[p][j];
                    }
                    inv[i][j] = s;
                    inv[j][i] = s;
                }
            }
            return inv;
        }

        private double[][] multiply(double[][] x, double[][] y) {
            double[][] z = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < m; p++) {
                    double v = x[i][p];
                    if (v == 0) {
                        continue;
                    }
                    for (int j = 0; j < m; j++) {
                        z[i][j] += v * y[p][j];
                    }
                }
            }
            return z;
        }
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

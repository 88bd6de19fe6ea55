package dev.vireo.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * NIQE, the Natural Image Quality Evaluator (Mittal, Soundararajan &amp; Bovik, IEEE SPL 2013): the distance
 * between a multivariate Gaussian fitted to natural-scene statistics of the frame's patches and one fitted
 * to those of pristine photos, {@code sqrt((ν₁ − ν₂)ᵀ ((Σ₁ + Σ₂)/2)⁺ (ν₁ − ν₂))}. No reference is used
 * (the reference argument is ignored). Lower is better. The clip value is the mean of the per-frame values
 * (how video papers report NIQE), so the scores of a clip's windows pool into the clip's own; a frame
 * smaller than one patch gives NaN.
 *
 * <p>Features per {@value #PATCH}×{@value #PATCH} patch of the BT.601 luma in [0, 255], at two scales
 * (the second a 2×2 mean of the first, patches of half the side): the generalised-Gaussian shape and
 * variance of the MSCN coefficients (I − μ)/(σ + 1) (μ, σ from a 7×7 Gaussian of σ 7/6, replicate
 * border), and the asymmetric-GGD shape, mean, left and right variances of the products of neighbouring
 * MSCN coefficients in four directions: 18 per scale, 36 in all. The pristine model ({@code
 * niqe-model.json}) was fitted on the bundled training photos by {@link NiqeFit}; see docs/metrics.md.
 * Differences from the published NIQE: patches of 48 instead of 96 px (our clips are small) and a 2×2
 * mean instead of bicubic resizing for the second scale, so values are comparable with each other, not
 * with published NIQE scores.
 */
public final class Niqe extends BuiltInMetric {
    static final int PATCH = 48;
    static final int FEATURES = 36;
    private static final double[] GAMMA_GRID = gammaGrid();

    private final double[] mean;
    private final double[][] cov;

    /** The bundled pristine model. */
    public Niqe() {
        this(loadModel());
    }

    private Niqe(double[][] model) {
        super("niqe", false, Granularity.FRAME);
        this.mean = model[0];
        this.cov = java.util.Arrays.copyOfRange(model, 1, model.length);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        HostClip x = HostClip.of(estimate);
        double[] values = new double[x.frames()];
        for (int t = 0; t < x.frames(); t++) {
            double[] grey = x.luma(t);
            for (int p = 0; p < grey.length; p++) {
                grey[p] *= 255;
            }
            List<double[]> f = patchFeatures(grey, x.height(), x.width(), 0).features();
            values[t] = f.isEmpty() ? Double.NaN : distance(f);
        }
        return new Score(values, FrameOps.mean(values));
    }

    /** NIQE of a set of patch feature vectors against the pristine model. */
    double distance(List<double[]> features) {
        double[] mu = new double[FEATURES];
        for (double[] f : features) {
            for (int i = 0; i < FEATURES; i++) {
                mu[i] += f[i] / features.size();
            }
        }
        double[][] c = covariance(features, mu);
        double[][] pooled = new double[FEATURES][FEATURES];
        double[] d = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            d[i] = mean[i] - mu[i];
            for (int j = 0; j < FEATURES; j++) {
                pooled[i][j] = (cov[i][j] + c[i][j]) / 2;
            }
        }
        double[] y = pseudoInverseTimes(pooled, d);
        double q = 0;
        for (int i = 0; i < FEATURES; i++) {
            q += d[i] * y[i];
        }
        return Math.sqrt(Math.max(0, q));
    }

    static double[][] covariance(List<double[]> features, double[] mu) {
        double[][] c = new double[FEATURES][FEATURES];
        int m = features.size();
        if (m < 2) {
            return c;
        }
        for (double[] f : features) {
            for (int i = 0; i < FEATURES; i++) {
                for (int j = 0; j < FEATURES; j++) {
                    c[i][j] += (f[i] - mu[i]) * (f[j] - mu[j]) / (m - 1);
                }
            }
        }
        return c;
    }

    /** A⁺·b for symmetric A by Jacobi eigen-decomposition, dropping eigenvalues below 1e−10 of the largest. */
    static double[] pseudoInverseTimes(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += m[p][q] * m[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(m[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cs = 1 / Math.sqrt(t * t + 1);
                    double sn = t * cs;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = cs * mkp - sn * mkq;
                        m[k][q] = sn * mkp + cs * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = cs * mpk - sn * mqk;
                        m[q][k] = sn * mpk + cs * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = cs * vkp - sn * vkq;
                        v[k][q] = sn * vkp + cs * vkq;
                    }
                }
            }
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(m[i][i]));
        }
        double[] out = new double[n];
        for (int e = 0; e < n; e++) {
            double lambda = m[e][e];
            if (Math.abs(lambda) <= 1e-10 * max) {
                continue;
            }
            double proj = 0;
            for (int k = 0; k < n; k++) {
                proj += v[k][e] * b[k];
            }
            for (int k = 0; k < n; k++) {
                out[k] += v[k][e] * proj / lambda;
            }
        }
        return out;
    }

    /** Patch features and sharpness (mean local σ at scale 1) of one grey image. */
    record Patches(List<double[]> features, List<Double> sharpness) {}

    /**
     * Features of every whole {@value #PATCH}-px patch of a grey image in [0, 255]; with {@code keep} &gt; 0
     * only patches whose sharpness exceeds {@code keep} times the sharpest (the training selection).
     */
    static Patches patchFeatures(double[] grey, int h, int w, double keep) {
        int ph = h / PATCH;
        int pw = w / PATCH;
        List<double[]> out = new ArrayList<>();
        List<Double> sharp = new ArrayList<>();
        if (ph == 0 || pw == 0) {
            return new Patches(out, sharp);
        }
        double[][] s1 = mscn(grey, h, w);
        int h2 = h / 2;
        int w2 = w / 2;
        double[] half = new double[h2 * w2];
        for (int i = 0; i < h2; i++) {
            for (int j = 0; j < w2; j++) {
                half[i * w2 + j] = (grey[2 * i * w + 2 * j] + grey[2 * i * w + 2 * j + 1] + grey[(2 * i + 1) * w + 2 * j]
                        + grey[(2 * i + 1) * w + 2 * j + 1]) / 4;
            }
        }
        double[][] s2 = mscn(half, h2, w2);
        List<double[]> feats = new ArrayList<>();
        for (int bi = 0; bi < ph; bi++) {
            for (int bj = 0; bj < pw; bj++) {
                double[] f = new double[FEATURES];
                scaleFeatures(s1[0], w, bi * PATCH, bj * PATCH, PATCH, f, 0);
                scaleFeatures(s2[0], w2, bi * PATCH / 2, bj * PATCH / 2, PATCH / 2, f, 18);
                double sh = 0;
                for (int i = bi * PATCH; i < (bi + 1) * PATCH; i++) {
                    for (int j = bj * PATCH; j < (bj + 1) * PATCH; j++) {
                        sh += s1[1][i * w + j];
                    }
                }
                feats.add(f);
                sharp.add(sh / (PATCH * PATCH));
            }
        }
        double max = sharp.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Double> keptSharp = new ArrayList<>();
        for (int i = 0; i < feats.size(); i++) {
            if (keep <= 0 || sharp.get(i) > keep * max) {
                out.add(feats.get(i));
                keptSharp.add(sharp.get(i));
            }
        }
        return new Patches(out, keptSharp);
    }

    /** {MSCN coefficients, local σ} of a grey image. */
    static double[][] mscn(double[] img, int h, int w) {
        double[] g = new double[7];
        double sum = 0;
        for (int i = 0; i < 7; i++) {
            double u = i - 3;
            g[i] = Math.exp(-0.5 * u * u / (49.0 / 36.0));
            sum += g[i];
        }
        for (int i = 0; i < 7; i++) {
            g[i] /= sum;
        }
        double[] sq = new double[img.length];
        for (int i = 0; i < img.length; i++) {
            sq[i] = img[i] * img[i];
        }
        double[] mu = separable(img, h, w, g);
        double[] mu2 = separable(sq, h, w, g);
        double[] out = new double[img.length];
        double[] sigma = new double[img.length];
        for (int i = 0; i < img.length; i++) {
            sigma[i] = Math.sqrt(Math.abs(mu2[i] - mu[i] * mu[i]));
            out[i] = (img[i] - mu[i]) / (sigma[i] + 1);
        }
        return new double[][] {out, sigma};
    }

    private static double[] separable(double[] a, int h, int w, double[] g) {
        int r = g.length / 2;
        double[] tmp = new double[a.length];
        double[] out = new double[a.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int k = 0; k < g.length; k++) {
                    s += g[k] * a[i * w + Math.min(w - 1, Math.max(0, j + k - r))];
                }
                tmp[i * w + j] = s;
            }
        }
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int k = 0; k < g.length; k++) {
                    s += g[k] * tmp[Math.min(h - 1, Math.max(0, i + k - r)) * w + j];
                }
                out[i * w + j] = s;
            }
        }
        return out;
    }

    /** The 18 features of one patch of side p at (top, left) of MSCN map s (row length w), into f[at..]. */
    private static void scaleFeatures(double[] s, int w, int top, int left, int p, double[] f, int at) {
        double[] v = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                v[i * p + j] = s[(top + i) * w + left + j];
            }
        }
        double[] ggd = ggd(v);
        f[at] = ggd[0];
        f[at + 1] = ggd[1];
        int[][] shifts = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        int k = at + 2;
        for (int[] sh : shifts) {
            double[] prod = new double[p * p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    // circular shift within the patch, as the reference code's circshift
                    int ii = (i + sh[0]) % p;
                    int jj = ((j + sh[1]) % p + p) % p;
                    prod[i * p + j] = v[i * p + j] * v[ii * p + jj];
                }
            }
            double[] a = aggd(prod);
            System.arraycopy(a, 0, f, k, 4);
            k += 4;
        }
    }

    /** Generalised Gaussian fit by moment matching: {shape α, variance}. */
    static double[] ggd(double[] v) {
        double m2 = 0;
        double m1 = 0;
        for (double x : v) {
            m2 += x * x;
            m1 += Math.abs(x);
        }
        m2 /= v.length;
        m1 /= v.length;
        double rho = m1 > 0 ? m2 / (m1 * m1) : 0;
        double best = 0.2;
        double err = Double.POSITIVE_INFINITY;
        for (int i = 0; i < GAMMA_GRID.length; i++) {
            double g = 0.2 + 0.001 * i;
            // r(g) = Γ(1/g)Γ(3/g)/Γ(2/g)²
            double r = 1 / GAMMA_GRID[i];
            if (Math.abs(rho - r) < err) {
                err = Math.abs(rho - r);
                best = g;
            }
        }
        return new double[] {best, m2};
    }

    /** Asymmetric generalised Gaussian fit: {shape α, mean, left variance, right variance}. */
    static double[] aggd(double[] v) {
        double l2 = 0;
        double r2 = 0;
        int nl = 0;
        int nr = 0;
        double m1 = 0;
        double m2 = 0;
        for (double x : v) {
            if (x < 0) {
                l2 += x * x;
                nl++;
            } else if (x > 0) {
                r2 += x * x;
                nr++;
            }
            m1 += Math.abs(x);
            m2 += x * x;
        }
        double lstd = nl > 0 ? Math.sqrt(l2 / nl) : 0;
        double rstd = nr > 0 ? Math.sqrt(r2 / nr) : 0;
        m1 /= v.length;
        m2 /= v.length;
        double gh = rstd > 0 ? lstd / rstd : 1;
        double rhat = m2 > 0 ? m1 * m1 / m2 : 0;
        double rn = rhat * (gh * gh * gh + 1) * (gh + 1) / Math.pow(gh * gh + 1, 2);
        double best = 0.2;
        double err = Double.POSITIVE_INFINITY;
        for (int i = 0; i < GAMMA_GRID.length; i++) {
            // Γ(2/g)²/(Γ(1/g)Γ(3/g))
            double r = GAMMA_GRID[i];
            if (Math.abs(rn - r) < err) {
                err = Math.abs(rn - r);
                best = 0.2 + 0.001 * i;
            }
        }
        double a = best;
        double mean = (rstd - lstd) * Math.exp(logGamma(2 / a) - logGamma(1 / a))
                * Math.sqrt(Math.exp(logGamma(1 / a) - logGamma(3 / a)));
        return new double[] {a, mean, lstd * lstd, rstd * rstd};
    }

    /** Γ(2/g)²/(Γ(1/g)Γ(3/g)) for g = 0.2, 0.201, …, 10. */
    private static double[] gammaGrid() {
        int n = 9801;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double g = 0.2 + 0.001 * i;
            r[i] = Math.exp(2 * logGamma(2 / g) - logGamma(1 / g) - logGamma(3 / g));
        }
        return r;
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** {mean, cov rows...} from the bundled niqe-model.json. */
    @SuppressWarnings("unchecked")
    private static double[][] loadModel() {
        try (InputStream in = Niqe.class.getResourceAsStream("niqe-model.json")) {
            if (in == null) {
                throw new IllegalStateException("niqe-model.json missing from the jar");
            }
            Map<String, Object> m = new ObjectMapper().readValue(in, Map.class);
            List<Number> mu = (List<Number>) m.get("mean");
            List<List<Number>> cov = (List<List<Number>>) m.get("cov");
            double[][] out = new double[FEATURES + 1][FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                out[0][i] = mu.get(i).doubleValue();
                for (int j = 0; j < FEATURES; j++) {
                    out[i + 1][j] = cov.get(i).get(j).doubleValue();
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

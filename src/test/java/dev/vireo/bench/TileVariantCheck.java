package dev.vireo.bench;

import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.job.Restorer;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.model.Models;
import dev.vireo.model.Prior;
import dev.vireo.model.TiledPrior;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.pipeline.Geometry;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solvers;
import dev.vireo.tensor.Tensors;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Benchmark, not a test: vireo-tiny tiled against whole frames on several clips (centre crop resized to
 * size²), the frame's own PSNR. Args: mode (svi: restoration PSNR and, tiled, the tile-border score of the
 * output and of the whole-frame output against the same grids; denoise: mean x̂₀ PSNR of one step at
 * t = 100, 300, 600; eps: |ε̂ − ε| per t), frames, size, clips (comma-separated), variants (";"-separated
 * {@code whole,x[,seed]} or {@code tiled,overlap[,seed[,tile]]}), [nfe, degradation]. System properties:
 * threads (default 2), start (first frame), nowhole (skip the whole-frame reference).
 */
public final class TileVariantCheck {
    public static void main(String[] a) {
        String mode = a[0];
        int frames = Integer.parseInt(a[1]);
        int size = Integer.parseInt(a[2]);
        String[] clips = a[3].split(",");
        String[] variants = a[4].split(";");
        String nfe = a.length > 5 ? a[5] : "10";
        String spec = a.length > 6 ? a[6] : "down:2";
        dev.vireo.tensor.Torch.setThreads(Integer.getInteger("threads", 2));
        int start = Integer.getInteger("start", 0);
        Prior inner = Models.prior("vireo-tiny", null);
        for (String name : clips) {
            Clip raw = Videos.read(SharedData.video(name), ReadOptions.defaults().start(start).frames(frames));
            Clip clean = Geometry.squareResize(raw.width(), raw.height(), size).toNetwork(raw);
            StringBuilder line = new StringBuilder(name);
            long t0 = System.nanoTime();
            double whole = Boolean.getBoolean("nowhole") ? Double.NaN : score(mode, inner, clean, nfe, spec, 0);
            line.append(String.format(Locale.ROOT, " whole %.3f (%.0fs)", whole, (System.nanoTime() - t0) / 1e9));
            System.out.println(line);
            System.out.flush();
            for (String v : variants) {
                String[] p = v.split(",");
                long seed = p.length > 2 ? Long.parseLong(p[2]) : 0;
                if (p[0].equals("whole")) {
                    t0 = System.nanoTime();
                    double q = score(mode, inner, clean, nfe, spec, seed);
                    line.append(String.format(Locale.ROOT, " | %s %.3f (%+.3f, %.0fs)", v, q, q - whole, (System.nanoTime() - t0) / 1e9));
                    System.out.println(line);
                    System.out.flush();
                    continue;
                }
                int overlap = Integer.parseInt(p[1]);
                TiledPrior tiled = new TiledPrior(inner, p.length > 3 ? Integer.parseInt(p[3]) : 64, overlap, 16, 1);
                t0 = System.nanoTime();
                double q = score(mode, tiled, clean, nfe, spec, seed);
                line.append(String.format(Locale.ROOT, " | %s %.3f (%+.3f, %.0fs)", v, q, q - whole, (System.nanoTime() - t0) / 1e9));
                System.out.println(line);
                System.out.flush();
            }
            System.out.println(line);
            System.out.flush();
        }
    }

    static Prior reference;
    static Clip wholeOut;

    /** Prints, per t, |ε̂ − ε|/|ε|, |ε̂|/|ε| and |ε̂ − ε̂_whole|/|ε|; returns the mean x̂₀ PSNR. */
    private static double epsStats(Prior p, Clip clean) {
        if (reference == null) {
            reference = p;
        }
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x0 = Tensors.fromFloats(clean.data(), clean.shape()).mul(Tensors.scalar(2.0)).sub(Tensors.scalar(1.0));
            StringBuilder sb = new StringBuilder();
            for (int t : new int[] {900, 700, 500, 300, 100, 20}) {
                torch.manual_seed(t);
                Tensor n = torch.randn_like(x0);
                double ab = p.schedule().alphaBar(t);
                Tensor xt = x0.mul(Tensors.scalar(Math.sqrt(ab))).add(n, Tensors.scalar(Math.sqrt(1 - ab)));
                Tensor eps = p.epsilon(xt, t);
                Tensor ref = reference.epsilon(xt, t);
                double nn = Math.sqrt(Tensors.dot(n, n));
                sb.append(String.format(Locale.ROOT, " t%d err %.4f norm %.4f vsWhole %.4f;", t,
                        Math.sqrt(Tensors.dot(eps.sub(n), eps.sub(n))) / nn, Math.sqrt(Tensors.dot(eps, eps)) / nn,
                        Math.sqrt(Tensors.dot(eps.sub(ref), eps.sub(ref))) / nn));
            }
            System.out.println("  " + sb);
        }
        return 0;
    }

    /** svi PSNR, or the mean x̂₀ PSNR of one-step denoising at t = 100, 300, 600. */
    private static double score(String mode, Prior p, Clip clean, String nfe, String spec, long seed) {
        if (mode.equals("svi")) {
            LinearOperator op = Degradations.parse(spec, clean.shape());
            Restorer r = new Restorer(p, op, Solvers.create("svi", Map.of("nfe", nfe)));
            Clip y = r.measure(clean, 0, 0);
            Clip out = r.restore(y, clean.frames(), clean.height(), clean.width(), 0.0, seed, ProgressListener.NONE);
            if (!(p instanceof TiledPrior)) {
                wholeOut = out;
            }
            if (p instanceof TiledPrior tp) {
                Tensor o = Tensors.fromFloats(out.data(), out.shape());
                Tensor wo = wholeOut == null ? null : Tensors.fromFloats(wholeOut.data(), wholeOut.shape());
                int[] ts = dev.vireo.schedule.TimeGrid.reference(Integer.parseInt(nfe), p.schedule().steps()).timesteps();
                int[][] last = tp.borders(clean.height(), clean.width(), ts[ts.length - 1]);
                double mean = 0;
                double meanWhole = 0;
                for (int t : ts) {
                    int[][] b = tp.borders(clean.height(), clean.width(), t);
                    mean += dev.vireo.metrics.TileBorderScore.score(o, b[0], b[1]) / ts.length;
                    meanWhole += wo == null ? Double.NaN : dev.vireo.metrics.TileBorderScore.score(wo, b[0], b[1]) / ts.length;
                }
                System.out.printf(Locale.ROOT, "  border score: last grid %.3f (whole %.3f), mean over grids %.3f (whole %.3f)%n",
                        dev.vireo.metrics.TileBorderScore.score(o, last[0], last[1]),
                        wo == null ? Double.NaN : dev.vireo.metrics.TileBorderScore.score(wo, last[0], last[1]), mean, meanWhole);
            }
            return MetricSuite.standard(0).evaluate(out, clean).mean("psnr");
        }
        if (mode.equals("eps")) {
            return epsStats(p, clean);
        }
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x0 = Tensors.fromFloats(clean.data(), clean.shape()).mul(Tensors.scalar(2.0)).sub(Tensors.scalar(1.0));
            double sum = 0;
            int[] ts = {100, 300, 600};
            for (int t : ts) {
                torch.manual_seed(t);
                Tensor n = torch.randn_like(x0);
                double ab = p.schedule().alphaBar(t);
                Tensor xt = x0.mul(Tensors.scalar(Math.sqrt(ab))).add(n, Tensors.scalar(Math.sqrt(1 - ab)));
                Tensor eps = p.epsilon(xt, t);
                Tensor est = xt.sub(eps, Tensors.scalar(Math.sqrt(1 - ab))).div(Tensors.scalar(Math.sqrt(ab)))
                        .clamp(new org.bytedeco.pytorch.ScalarOptional(new org.bytedeco.pytorch.Scalar(-1.0)),
                                new org.bytedeco.pytorch.ScalarOptional(new org.bytedeco.pytorch.Scalar(1.0)));
                double mse = est.sub(x0).pow(Tensors.scalar(2.0)).mean().item_double() / 4.0;
                sum += 10 * Math.log10(1 / mse);
            }
            return sum / ts.length;
        }
    }
}

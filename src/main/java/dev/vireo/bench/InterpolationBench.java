package dev.vireo.bench;

import dev.vireo.InvalidInputException;
import dev.vireo.flow.FrameInterpolation;
import dev.vireo.io.Clip;
import dev.vireo.job.Restoration;
import dev.vireo.metrics.Psnr;
import dev.vireo.model.Prior;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solvers;
import dev.vireo.tensor.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Frame interpolation ×k as the inverse problem {@code subsample:k} on clean clips: the kept frames are the
 * measurement (noiseless), the dropped ones are held out and scored. Methods: {@code linear} (cross-fade of the
 * neighbours), {@code flow} (the flow start alone, {@link FrameInterpolation#flow}), {@code svi} from noise and
 * {@code svi+flow@W} (warm-started from the flow start at W·T). PSNR over the held-out frames and over all frames
 * (kept frames are exact for every method, so "all" is the easier number). {@code fromNoise = false} leaves out
 * svi from noise (the costly row), e.g. for a finer warm-start sweep on a denser grid.
 */
public final class InterpolationBench {
    /** The settings of one run of the bench. */
    public record Settings(List<Path> clips, List<Integer> factors, int frames, int size, int nfe, List<Double> warmStarts,
            boolean fromNoise, long seed) {
        public Settings {
            if (clips.isEmpty() || factors.isEmpty()) {
                throw new InvalidInputException("the interpolation bench needs at least one clip and one factor");
            }
            for (int k : factors) {
                if (k < 2 || k >= frames) {
                    throw new InvalidInputException("interpolation factor must be in 2.." + (frames - 1) + ", got " + k);
                }
            }
            for (double w : warmStarts) {
                if (!(w >= 0 && w < 1)) {
                    throw new InvalidInputException("warm start must be in [0, 1), got " + w);
                }
            }
            clips = List.copyOf(clips);
            factors = List.copyOf(factors);
            warmStarts = List.copyOf(warmStarts);
        }
    }

    private InterpolationBench() {}

    /** One row per (clip, factor, method); {@code onRow} sees each as it is finished. */
    public static List<Map<String, Object>> run(Settings s, Prior prior, Consumer<Map<String, Object>> onRow) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Path, Clip> clips = new LinkedHashMap<>();
        for (Path p : s.clips()) {
            clips.put(p, SuiteRunner.squareClip(p.getFileName().toString(), p, s.frames(), s.size()));
        }
        // Factor outermost, so that a long run finishes one factor's table over every clip first.
        for (int k : s.factors()) {
            for (Path p : s.clips()) {
                String name = p.getFileName().toString();
                Clip clean = clips.get(p);
                LinearOperator op = Degradations.parse("subsample:" + k, clean.shape());
                Clip y = Restoration.measure(op, clean, 0, s.seed(), 0);
                List<Integer> missing = missing(s.frames(), k);
                long t0 = System.nanoTime();
                float[] lin = FrameInterpolation.linear(y.data(), y.channels(), y.height(), y.width(), k, 0, s.frames());
                add(rows, onRow, name, k, "linear", 0, score(lin, clean, missing), t0);
                t0 = System.nanoTime();
                float[] flow = FrameInterpolation.flow(y.data(), y.channels(), y.height(), y.width(), k, 0, s.frames());
                add(rows, onRow, name, k, "flow", 0, score(flow, clean, missing), t0);
                List<Double> starts = new ArrayList<>(s.warmStarts());
                if (s.fromNoise()) {
                    starts.add(1.0);
                }
                for (double w : starts) {
                    Map<String, String> opts = Map.of("nfe", Integer.toString(s.nfe()), "warm-start", Double.toString(w));
                    Restoration job = new Restoration(prior, Solvers.create("svi", opts), 0, s.seed());
                    int[] steps = {0};
                    t0 = System.nanoTime();
                    Restoration.Restored r = job.restore(op, y, clean.shape(), (step, total) -> steps[0] = total);
                    add(rows, onRow, name, k, w >= 1 ? "svi" : String.format(Locale.ROOT, "svi+flow@%.2f", w), steps[0],
                            score(r.clip().data(), clean, missing), t0);
                }
            }
        }
        return rows;
    }

    /** The frames subsample:k drops from a clip of n frames. */
    static List<Integer> missing(int n, int k) {
        List<Integer> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % k != 0) {
                m.add(i);
            }
        }
        return m;
    }

    /** {psnr over the missing frames, psnr over all frames}, each pooled as the PSNR of the frames' mean MSE. */
    static double[] score(float[] estimate, Clip clean, List<Integer> missing) {
        Psnr psnr = new Psnr();
        try (PointerScope scope = new PointerScope()) {
            double[] perFrame = psnr.compute(Tensors.fromFloats(estimate, clean.shape()), Tensors.fromFloats(clean.data(), clean.shape()))
                    .values();
            double[] held = missing.stream().mapToDouble(i -> perFrame[i]).toArray();
            return new double[] {psnr.pool(held), psnr.pool(perFrame)};
        }
    }

    private static void add(List<Map<String, Object>> rows, Consumer<Map<String, Object>> onRow, String clip, int k,
            String method, int nfe, double[] psnr, long t0) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("clip", clip);
        row.put("factor", k);
        row.put("method", method);
        row.put("nfe", nfe);
        row.put("psnr_missing", psnr[0]);
        row.put("psnr_all", psnr[1]);
        row.put("seconds", (System.nanoTime() - t0) / 1e9);
        rows.add(row);
        onRow.accept(row);
    }

    /** Per-clip rows, then the mean over clips per (factor, method), as Markdown. */
    public static String markdown(List<Map<String, Object>> rows) {
        MarkdownTable t = new MarkdownTable(List.of("clip", "×", "method", "NFE", "PSNR missing (dB)", "PSNR all (dB)", "s"));
        for (Map<String, Object> r : rows) {
            t.row(List.of(r.get("clip"), r.get("factor"), r.get("method"), r.get("nfe"), f2(r.get("psnr_missing")),
                    f2(r.get("psnr_all")), String.format(Locale.ROOT, "%.1f", (Double) r.get("seconds"))));
        }
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            groups.computeIfAbsent(r.get("factor") + "\u0000" + r.get("method"), g -> new ArrayList<>()).add(r);
        }
        MarkdownTable mean = new MarkdownTable(List.of("×", "method", "clips", "mean PSNR missing (dB)", "mean PSNR all (dB)"));
        for (List<Map<String, Object>> g : groups.values()) {
            mean.row(List.of(g.get(0).get("factor"), g.get(0).get("method"), g.size(),
                    f2(g.stream().mapToDouble(r -> (Double) r.get("psnr_missing")).average().orElse(Double.NaN)),
                    f2(g.stream().mapToDouble(r -> (Double) r.get("psnr_all")).average().orElse(Double.NaN))));
        }
        return t.render() + "\n" + mean.render();
    }

    private static String f2(Object v) {
        return String.format(Locale.ROOT, "%.2f", ((Number) v).doubleValue());
    }
}

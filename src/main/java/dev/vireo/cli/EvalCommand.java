package dev.vireo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.metrics.WindowJoins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vireo eval}: full-reference quality of a restored clip. Prints per-frame PSNR/SSIM and the clip
 * values of PSNR, SSIM, flicker error, temporal PSNR, warping error (flow of the reference), high-frequency energy ratio and NIQE (docs/metrics.md), and optionally writes them as JSON:
 * <pre>{"reference": …, "input": …, "shape": [N, C, H, W], "crop": px,
 *  "mean": {"psnr": …, "ssim": …, "flicker": …, "tpsnr": …, "warp": …, "sharpness": …, "niqe": …},
 *  "frames": [{"psnr": …, "ssim": …, "sharpness": …, "niqe": …}, …],
 *  "transitions": [{"flicker": …, "tpsnr": …, "warp": …, "sharpness": …, "niqe": …}, …],
 *  "higher_is_better": {"psnr": true, …},
 *  "windows": {"window": W, "overlap": O, "boundary_transitions": [t, …], "interior_transitions": n,
 *              "boundary": {"flicker": …, "tpsnr": …, "warp": …}, "interior": {…}}}</pre>
 * ("windows" only with --window: transition t is frame t → t+1; which ones cross a boundary is
 * {@link WindowJoins}'s rule, the one restore's run.json uses).
 * "mean" holds each metric's clip value (PSNR and tPSNR pooled from the whole-clip MSE, see
 * {@link dev.vireo.metrics.Psnr}). Infinite values (identical clips) are written as the string
 * {@code "Infinity"} and undefined ones (temporal metrics of a one-frame clip) as {@code "NaN"}, Jackson's
 * standard-JSON spelling.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Compare a restored clip with its reference: PSNR, SSIM, flicker, temporal PSNR, warping error, sharpness ratio, NIQE.",
        footer = {"", "Examples:", "  vireo eval --reference clean.mp4 --input restored.mp4",
                "  vireo eval --reference gt.npy --input out.npy --crop 4 --json scores.json",
                "  vireo eval --reference clean.mp4 --input restored.mp4 --window 16 --overlap 4"})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--reference", required = true, paramLabel = "REF", description = "ground-truth clip: any video the reader takes, a PNG folder, or .npy [N,C,H,W] in [0,1]")
    Path reference;

    @Option(names = "--input", required = true, paramLabel = "EST", description = "clip to score, same shape as REF")
    Path input;

    @Option(names = "--crop", defaultValue = "0", paramLabel = "PX", description = "pixels removed from each border before measuring (default: ${DEFAULT-VALUE})")
    int crop;

    @Option(names = "--json", paramLabel = "OUT", description = "also write the results as JSON to this file")
    Path json;

    @Option(names = "--window", paramLabel = "W", description = "the clip was restored in windows of W frames: also report the "
            + "temporal metrics over the transitions across window boundaries and inside windows apart")
    Integer window;

    @Option(names = "--overlap", paramLabel = "O", description = "frames consecutive windows shared (with --window; default as restore's: "
            + "4, at most half a window; 0 for --join none or a wrapping operator)")
    Integer overlap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        dev.vireo.io.InputGuards.refuseOverwrite(json, reference, input);
        if (overlap != null && window == null) {
            throw new InvalidInputException("--overlap needs --window");
        }
        WindowJoins joins = window == null ? null : new WindowJoins(window, overlap != null ? overlap : WindowJoins.defaultOverlap(window));
        Clip ref = readClip(reference);
        Clip est = readClip(input);
        MetricSuite suite = MetricSuite.extended(crop);
        Evaluation e = suite.evaluate(est, ref);
        Map<String, Object> split = joins == null ? null : windowSplit(joins, suite, e);
        print(e, split, spec.commandLine().getOut());
        if (json != null) {
            Map<String, Object> root = toJson(e, est);
            if (split != null) {
                root.put("windows", split);
            }
            byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(root);
            AtomicFiles.write(json, bytes);
        }
        return Main.OK;
    }

    /** Reads a clip: .npy as stored ([N,C,H,W]), anything else through the video reader. */
    static Clip readClip(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npy")) {
            return checked(path, dev.vireo.io.video.Videos.read(path, dev.vireo.io.video.ReadOptions.defaults()));
        }
        try {
            Npy.Array a = Npy.read(path);
            return checked(path, Clip.of(a.data(), a.shape(), 0));
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            // Npy's messages already start with the path; don't repeat it.
            throw new InvalidInputException(why.startsWith(path.toString()) ? why : "cannot read " + path + ": " + why, e);
        }
    }

    /**
     * Catches the two usual layout mistakes with a clear message: channels-last arrays and 8-bit scale.
     * Values slightly outside [0, 1] (overshoot of a restoration) are measured as they are.
     */
    private static Clip checked(Path path, Clip clip) {
        if (clip.channels() != 1 && clip.channels() != 3) {
            throw new InvalidInputException(path + ": expected [N, C, H, W] with C = 1 or 3, got "
                    + java.util.Arrays.toString(clip.shape()) + " (channels-last arrays must be transposed)");
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : clip.data()) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(path + ": contains " + v + " values");
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo < -1 || hi > 2) {
            throw new InvalidInputException(path + ": values span [" + lo + ", " + hi
                    + "], expected [0, 1] (divide 8-bit data by 255)");
        }
        return clip;
    }

    private Map<String, Object> toJson(Evaluation e, Clip est) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("reference", reference.toString());
        root.put("input", input.toString());
        root.put("shape", est.shape());
        root.put("crop", crop);
        root.put("mean", e.mean());
        root.put("frames", e.frames());
        root.put("transitions", e.transitions());
        root.put("higher_is_better", e.higherIsBetter());
        return root;
    }

    /** The temporal metrics over boundary and interior transitions, as restore's run.json splits them. */
    private static Map<String, Object> windowSplit(WindowJoins joins, MetricSuite suite, Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", joins.window());
        m.put("overlap", joins.overlap());
        List<Integer> crossing = joins.boundaryTransitions(e.frames().size());
        m.put("boundary_transitions", crossing);
        m.put("interior_transitions", e.transitions().size() - crossing.size());
        m.put("boundary", joins.boundary(suite, e.transitions()));
        m.put("interior", joins.interior(suite, e.transitions()));
        return m;
    }

    private static void print(Evaluation e, Map<String, Object> split, PrintWriter out) {
        List<String> frameKeys = List.copyOf(e.frames().get(0).keySet());
        StringBuilder head = new StringBuilder(String.format("%6s", "frame"));
        frameKeys.forEach(k -> head.append(String.format(" %10s", k)));
        out.println(head);
        for (int t = 0; t < e.frames().size(); t++) {
            StringBuilder row = new StringBuilder(String.format("%6d", t));
            for (String k : frameKeys) {
                row.append(String.format(Locale.ROOT, " %10.4f", e.frames().get(t).get(k)));
            }
            out.println(row);
        }
        StringBuilder mean = new StringBuilder("mean  ");
        e.mean().forEach((k, v) -> mean.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
        if (e.crop() > 0) {
            mean.append(" (border of ").append(e.crop()).append(" px cropped)");
        }
        out.println(mean);
        if (split != null) {
            @SuppressWarnings("unchecked")
            List<Integer> crossing = (List<Integer>) split.get("boundary_transitions");
            out.printf(Locale.ROOT, "windows of %d frames, overlap %d: %d transitions cross a window boundary, %d inside windows%n",
                    split.get("window"), split.get("overlap"), crossing.size(), split.get("interior_transitions"));
            for (String part : List.of("boundary", "interior")) {
                StringBuilder row = new StringBuilder(String.format("%-9s", part));
                @SuppressWarnings("unchecked")
                Map<String, Double> values = (Map<String, Double>) split.get(part);
                values.forEach((k, v) -> row.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
                out.println(row);
            }
        }
        out.flush();
    }
}

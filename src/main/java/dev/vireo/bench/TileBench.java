package dev.vireo.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.model.AdmPrior;
import dev.vireo.model.Models;
import dev.vireo.model.Prior;
import dev.vireo.model.TiledPrior;
import dev.vireo.tensor.Torch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The cost of a tiled prior by frame size: ms per megapixel-frame of one ε̂ call on a clip, and the peak
 * resident memory of the call beside the estimate. Each case runs in its own child JVM, because the
 * resident high-water mark (VmHWM) is per process; the measured figure is VmHWM minus the resident size
 * after the model is loaded and has run once on one tiny frame (JVM, libtorch, weights, thread pools),
 * which is what the estimate (the activations, {@link TiledPrior#activationBytes} when tiled, plus the
 * input and output clips) is meant to cover. One untimed call of the inner prior on the shape it will see
 * comes first (a tile batch when tiled, the whole clip when not).
 */
public final class TileBench {
    private TileBench() {}

    /** One case: untiled or tiled, frame size, frames per call. */
    public record Case(boolean tiled, int height, int width, int frames) {}

    /** The default cases: vireo-tiny tiled at 64 on four sizes, and untiled at 64² and 256². */
    public static List<Case> defaults(int frames) {
        List<Case> c = new ArrayList<>();
        c.add(new Case(false, 64, 64, frames));
        c.add(new Case(false, 256, 256, frames));
        for (int[] s : new int[][] {{64, 64}, {256, 256}, {272, 640}, {720, 1280}}) {
            c.add(new Case(true, s[0], s[1], frames));
        }
        return c;
    }

    /** Runs each case in a child JVM (same classpath) and returns its row. */
    public static List<Map<String, Object>> run(String model, List<Case> cases, int tile, int overlap, int tileBatch,
            int repeats, int threads) throws IOException, InterruptedException {
        List<Map<String, Object>> rows = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (Case c : cases) {
            List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), TileBench.class.getName(),
                    model, Boolean.toString(c.tiled), Integer.toString(c.height), Integer.toString(c.width),
                    Integer.toString(c.frames), Integer.toString(tile), Integer.toString(overlap),
                    Integer.toString(tileBatch), Integer.toString(repeats), Integer.toString(threads));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    last = line;
                }
            }
            if (p.waitFor() != 0 || last == null) {
                throw new IllegalStateException("tile bench case " + c + " failed (exit " + p.exitValue() + ")");
            }
            rows.add(new ObjectMapper().readValue(last, new TypeReference<LinkedHashMap<String, Object>>() {}));
        }
        return rows;
    }

    /** Child: one case, one JSON line on stdout. */
    public static void main(String[] a) throws Exception {
        String model = a[0];
        boolean tiled = Boolean.parseBoolean(a[1]);
        int h = Integer.parseInt(a[2]);
        int w = Integer.parseInt(a[3]);
        int frames = Integer.parseInt(a[4]);
        int tile = Integer.parseInt(a[5]);
        int overlap = Integer.parseInt(a[6]);
        int tileBatch = Integer.parseInt(a[7]);
        int repeats = Integer.parseInt(a[8]);
        Torch.setThreads(Integer.parseInt(a[9]));
        Torch.device();
        AdmPrior inner = Models.prior(model, null);
        try (NoGradGuard g = new NoGradGuard()) {
            inner.epsilon(torch.randn(new long[] {1, inner.channels(), inner.sizeMultiple(), inner.sizeMultiple()}), 500);
        }
        long before = status("VmRSS");
        Prior prior = tiled ? new TiledPrior(inner, tile, overlap, tileBatch, 1) : inner;
        double[] ms = new double[repeats];
        long estimate;
        try (NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(0);
            Tensor x = torch.randn(new long[] {frames, inner.channels(), h, w});
            // One untimed inner call of the shape the timed calls make (the first call of a shape pays
            // libtorch's one-time set-up, seconds on a 2-core machine).
            boolean split = tiled && (h > tile || w > tile);
            int warmBatch = split ? (int) Math.min(tileBatch, (long) frames * ((TiledPrior) prior).tilesPerFrame(h, w)) : frames;
            inner.epsilon(split ? torch.randn(new long[] {warmBatch, inner.channels(), tile, tile}) : x, 500);
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                Tensor eps = prior.epsilon(x, 500 - 37 * i);
                eps.sum().item_double();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            long io = 2L * frames * inner.channels() * h * w * 4;
            long act = tiled ? ((TiledPrior) prior).activationBytes(frames, h, w) : inner.activationBytesPerFrame(h, w) * frames;
            estimate = act + io;
        }
        long peak = status("VmHWM");
        Timer.Result r = new Timer.Result(ms);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", model);
        row.put("tiled", tiled);
        row.put("tile", tiled ? tile : 0);
        row.put("height", h);
        row.put("width", w);
        row.put("frames", frames);
        row.put("tiles_per_frame", tiled ? ((TiledPrior) prior).tilesPerFrame(h, w) : 1);
        row.put("ms_per_call", r.median());
        row.put("spread", r.spread());
        row.put("ms_per_megapixel_frame", r.median() / (frames * (double) h * w / 1e6));
        row.put("rss_after_load_mb", before / 1e6);
        row.put("peak_rss_mb", peak / 1e6);
        row.put("measured_mb", (peak - before) / 1e6);
        row.put("estimate_mb", estimate / 1e6);
        row.put("estimate_over_measured", (double) estimate / (peak - before));
        System.out.println(new ObjectMapper().writeValueAsString(row));
    }

    /** A size field of /proc/self/status in bytes (Linux). */
    static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + field);
    }

    public static String table(List<Map<String, Object>> rows) {
        MarkdownTable t = new MarkdownTable(List.of("prior", "size", "frames", "tiles/frame", "ms/call", "spread",
                "ms per Mpx-frame", "× tiled 64² rate", "peak RSS MB", "measured MB", "estimate MB", "estimate / measured"));
        double ref = rows.stream().filter(r -> (boolean) r.get("tiled") && (int) r.get("height") == 64)
                .mapToDouble(r -> ((Number) r.get("ms_per_megapixel_frame")).doubleValue()).findFirst().orElse(Double.NaN);
        for (Map<String, Object> r : rows) {
            double rate = ((Number) r.get("ms_per_megapixel_frame")).doubleValue();
            t.row(List.of((boolean) r.get("tiled") ? "tiled " + r.get("tile") : "untiled",
                    r.get("width") + "×" + r.get("height"), r.get("frames"), r.get("tiles_per_frame"),
                    f(r.get("ms_per_call"), 0), f(r.get("spread"), 2), f(rate, 0), f(rate / ref, 2),
                    f(r.get("peak_rss_mb"), 0), f(r.get("measured_mb"), 0), f(r.get("estimate_mb"), 0),
                    f(r.get("estimate_over_measured"), 2)));
        }
        return t.render();
    }

    private static String f(Object v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", ((Number) v).doubleValue());
    }
}

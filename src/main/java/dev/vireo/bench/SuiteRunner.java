package dev.vireo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.metrics.TileBorderScore;
import dev.vireo.model.TiledPrior;
import dev.vireo.pipeline.RestoreSettings;
import dev.vireo.pipeline.VideoRestoration;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.solvers.DpsOptions;
import dev.vireo.solvers.SviOptions;
import dev.vireo.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import dev.vireo.pipeline.Geometry;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.VideoInfo;
import dev.vireo.io.video.VideoSource;
import dev.vireo.io.video.Videos;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.metrics.plot.BarChart;
import dev.vireo.job.Restoration;
import dev.vireo.model.AdmPrior;
import dev.vireo.model.Models;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.provenance.Machine;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solver;
import dev.vireo.solvers.Solvers;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;

/**
 * Runs a {@link SuiteSpec}: for every clip (centre square crop, area-resized, first frames), task and
 * method, degrade, restore, score and time; writes results.json (schema: docs/bench-results.schema.json),
 * results.md and PNG plots.
 */
public final class SuiteRunner {
    /** Progress: runs done of all runs. */
    public interface Listener {
        void progress(long done, long total, String detail);
    }

    /** The finished suite. */
    public record Report(Map<String, Object> json, String markdown) {}

    /**
     * Scored on every run beside the job's distortion metrics, so that results show the perception–distortion
     * trade-off; NIQE is null for frames smaller than its 48-px patch (the quick suite's 32²).
     */
    static final MetricSuite PERCEPTUAL = MetricSuite.perceptual(0);

    private final SuiteSpec spec;
    private final Path clipsDir;
    private final Listener listener;

    public SuiteRunner(SuiteSpec spec, Path clipsDir, Listener listener) {
        this.spec = spec;
        this.clipsDir = clipsDir != null ? clipsDir : Path.of("..", "shared", "data", "videos");
        this.listener = listener;
    }

    public Report run(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        SuiteSpec.Settings base = spec.settings();
        Torch.setThreads(base.threads() == null ? 0 : base.threads());
        Map<String, Object> machine = Machine.describe(); // after setThreads, which it records; read once per suite
        spec.checkOptions();
        AdmPrior model = Models.prior(spec.model(), null);
        // Fail before hours of work, not after: every clip must be found up front.
        Map<String, Path> clipFiles = new LinkedHashMap<>();
        for (String clipName : spec.clips()) {
            clipFiles.put(clipName, locate(clipName));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = 0;
        for (SuiteSpec.Task task : spec.tasks()) {
            for (String m : spec.methods()) {
                total += spec.runs(m, task.name()) ? spec.clips().size() : 0;
            }
        }
        long done = 0;
        double ioSeconds = 0;
        for (String clipName : spec.clips()) {
            long t0 = System.nanoTime();
            Clip clean = loadClip(clipName, clipFiles.get(clipName));
            ioSeconds += (System.nanoTime() - t0) / 1e9;
            long[] shape = clean.shape();
            for (SuiteSpec.Task task : spec.tasks()) {
                LinearOperator op = Degradations.parse(task.degradation(), shape);
                for (String method : spec.methods()) {
                    if (!spec.runs(method, task.name())) {
                        continue;
                    }
                    SuiteSpec.Settings s = spec.settingsFor(method);
                    rows.add(s.pipeline() ? runPipeline(model, clipName, clean, task, method, s, outDir)
                            : runOne(model, clipName, clean, task, op, method, s));
                    write(outDir, model, machine, rows, ioSeconds, false);
                    done++;
                    listener.progress(done, total, clipName + " " + task.name() + " " + method);
                }
            }
        }
        return write(outDir, model, machine, rows, ioSeconds, true);
    }

    /** results.json and results.md (and, at the end, the plots); also called after every run so a long suite keeps its partial results. */
    private Report write(Path outDir, AdmPrior model, Map<String, Object> machine, List<Map<String, Object>> rows, double ioSeconds, boolean complete)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "vireo-bench-results/1");
        json.put("suite", spec.name());
        json.put("description", spec.description());
        json.put("finished", Instant.now().toString());
        json.put("complete", complete);
        json.put("machine", machine);
        json.put("model", model.provenance());
        json.put("clip_frames", spec.frames());
        json.put("clip_size", spec.size());
        json.put("settings", spec.settings());
        json.put("io_seconds", ioSeconds);
        json.put("peak_rss_bytes", Machine.peakRss());
        json.put("runs", rows);
        json.put("summary", summary(rows));
        String md = markdown(rows);
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(outDir.resolve("results.json"), om.writeValueAsBytes(json));
        AtomicFiles.write(outDir.resolve("results.md"), md.getBytes(StandardCharsets.UTF_8));
        if (complete) {
            plots(rows, outDir);
        }
        return new Report(json, md);
    }

    private Map<String, Object> runOne(AdmPrior prior, String clipName, Clip clean, SuiteSpec.Task task,
            LinearOperator op, String method, SuiteSpec.Settings s) {
        Precision.Choice precision = Precision.choose(s.precision() == null ? "auto" : s.precision());
        prior.setPrecision(precision.precision());
        Solver solver = Solvers.create(method, spec.optionsFor(method));
        long seed = s.seed() == null ? 0 : s.seed();
        Restoration job = new Restoration(prior, solver, task.noise(), seed);
        Map<String, Object> row = rowHead(clipName, task, method, solver, seed);
        row.put("precision", precision.label());
        Restoration.Outcome o = job.simulate(op, clean, 0, ProgressListener.NONE);
        o.scores().mean().forEach(row::put);
        putPerceptual(row, o.restored().clip(), clean);
        Restoration.Timings t = o.restored().timings();
        row.put("seconds", t.seconds());
        row.put("network_seconds", t.networkSeconds());
        row.put("operator_seconds", t.operatorSeconds());
        row.put("other_seconds", t.otherSeconds());
        return row;
    }

    /** What every run's row starts with: which clip, task, method (with its resolved options) and seed. */
    private static Map<String, Object> rowHead(String clipName, SuiteSpec.Task task, String method, Solver solver, long seed) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("clip", clipName);
        row.put("task", task.name());
        row.put("degradation", task.degradation());
        row.put("noise", task.noise());
        row.put("method", method);
        row.put("options", Solvers.describe(solver));
        row.put("seed", seed);
        return row;
    }

    /** The perceptual metrics (null where undefined) and the time they took, outside the solve's seconds. */
    private static void putPerceptual(Map<String, Object> row, Clip restored, Clip clean) {
        long p0 = System.nanoTime();
        Evaluation perception;
        try (PointerScope scope = new PointerScope()) {
            perception = PERCEPTUAL.evaluate(restored, clean);
        }
        perception.mean().forEach((k, v) -> row.put(k, Double.isNaN(v) ? null : v));
        row.put("perceptual_seconds", (System.nanoTime() - p0) / 1e9);
    }

    /**
     * A run with windows or tiles: the clip goes through {@code vireo restore --simulate}'s pipeline (written to a
     * scratch .npy, geometry none), so windows are laid out, joined and scored exactly as restore does them. Adds
     * the flicker and tPSNR of the transitions across window boundaries and inside windows (run.json's split) and,
     * with tiles, the tile-border score of the result against the grid of the prior's last call (and the mean over
     * the grids of all its calls).
     */
    private Map<String, Object> runPipeline(AdmPrior prior, String clipName, Clip clean, SuiteSpec.Task task, String method,
            SuiteSpec.Settings s, Path outDir) throws IOException {
        Solver solver = Solvers.create(method, spec.optionsFor(method));
        long seed = s.seed() == null ? 0 : s.seed();
        Path scratch = Files.createTempDirectory(outDir, ".run-");
        try {
            Path in = scratch.resolve("clean.npy");
            Npy.write(in, clean.data(), clean.shape());
            Path out = scratch.resolve("restored.npy");
            RestoreSettings rs = RestoreSettings.builder(in, out, task.degradation()).noise(task.noise()).model(spec.model(), null)
                    .method(method, spec.optionsFor(method)).seed(seed).window(s.window() == null ? clean.frames() : s.window())
                    .overlap(s.overlap()).join(s.join() == null ? RestoreSettings.JOIN_AUTO : s.join())
                    .tiles(s.tile() == null ? 0 : s.tile(), s.tileOverlap() == null ? -1 : s.tileOverlap())
                    .geometry("none", 0).precision(s.precision() == null ? "auto" : s.precision())
                    .threads(s.threads() == null ? 0 : s.threads()).simulate(true).build();
            VideoRestoration.Result r = new VideoRestoration(rs, (done, total, detail) -> {}).run();
            Map<String, Object> rec = r.record();
            Map<String, Object> row = rowHead(clipName, task, method, solver, seed);
            @SuppressWarnings("unchecked")
            Map<String, Object> precision = (Map<String, Object>) rec.get("precision");
            row.put("precision", precision != null ? precision.get("ran") : Precision.choose(rs.precision()).label());
            r.quality().forEach(row::put);
            Npy.Array restored = Npy.read(out);
            putPerceptual(row, Clip.of(restored.data(), restored.shape(), clean.fps()), clean);
            @SuppressWarnings("unchecked")
            Map<String, Object> plan = (Map<String, Object>) rec.get("windows_plan");
            row.put("window", rs.window());
            row.put("overlap", plan.get("overlap"));
            row.put("join", plan.get("join"));
            row.put("windows", r.windows());
            if (r.windows() > 1) {
                @SuppressWarnings("unchecked")
                Map<String, Double> boundary = (Map<String, Double>) rec.get("quality_window_boundaries");
                @SuppressWarnings("unchecked")
                Map<String, Double> interior = (Map<String, Double>) rec.get("quality_window_interiors");
                for (String k : List.of("flicker", "tpsnr")) {
                    row.put("boundary_" + k, boundary.get(k));
                    row.put("interior_" + k, interior.get(k));
                }
            }
            if (rs.tile() > 0) {
                row.put("tile", rs.tile());
                row.put("tile_overlap", rs.tileOverlap());
                double[] border = tileBorder(prior, solver, rs, restored);
                if (border != null) {
                    row.put("tile_border", border[0]);
                    row.put("tile_border_mean", border[1]);
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> times = (Map<String, Object>) rec.get("timings_s");
            double seconds = ((Number) times.get("solve")).doubleValue();
            double network = ((Number) times.get("solve_network")).doubleValue();
            double operator = ((Number) times.get("solve_operator")).doubleValue();
            row.put("seconds", seconds);
            row.put("network_seconds", network);
            row.put("operator_seconds", operator);
            row.put("other_seconds", Math.max(0, seconds - network - operator));
            return row;
        } finally {
            try (var files = Files.walk(scratch)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The tile-border score of a restored clip against the grid of the prior's last call and the mean over the
     * grids of all its calls ({@link TiledPrior#borders}, the pipeline's grid seed); null for methods without a
     * prior or whose timesteps are not known here.
     */
    private static double[] tileBorder(AdmPrior prior, Solver solver, RestoreSettings rs, Npy.Array restored) {
        if (!solver.needsPrior()) {
            return null;
        }
        int steps = prior.schedule().steps();
        int[] ts;
        if (solver.options() instanceof SviOptions o) {
            ts = o.grid(steps).timesteps();
        } else if (solver.options() instanceof DpsOptions o) {
            ts = TimeGrid.reference(o.nfe(), steps).timesteps();
        } else {
            return null;
        }
        TiledPrior grid = new TiledPrior(prior, rs.tile(), rs.tileOverlap(), TiledPrior.DEFAULT_TILE_BATCH, rs.seed());
        long[] shape = restored.shape();
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.fromFloats(restored.data(), shape);
            int[][] last = grid.borders((int) shape[2], (int) shape[3], ts[ts.length - 1]);
            int[] distinct = java.util.Arrays.stream(ts).distinct().toArray();
            double mean = 0;
            for (int t : distinct) {
                int[][] b = grid.borders((int) shape[2], (int) shape[3], t);
                mean += TileBorderScore.score(x, b[0], b[1]) / distinct.length;
            }
            return new double[] {TileBorderScore.score(x, last[0], last[1]), mean};
        }
    }

    /** A clip's file: a path, a name in the clips folder, or a bundled clip (copied to a temporary file). */
    Path locate(String name) throws IOException {
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            p = clipsDir.resolve(name);
        }
        if (!Files.isRegularFile(p)) {
            try (InputStream in = SuiteRunner.class.getResourceAsStream("/clips/" + name)) {
                if (in == null) {
                    throw new InvalidInputException("clip '" + name + "' is neither bundled nor in " + clipsDir.toAbsolutePath()
                            + " (pass --clips DIR)");
                }
                p = Files.createTempFile("vireo-clip-", "-" + name);
                p.toFile().deleteOnExit();
                Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return p;
    }

    /** Centre square crop, area resize to the suite's size, first frames. */
    Clip loadClip(String name, Path p) {
        return squareClip(name, p, spec.frames(), spec.size());
    }

    /** The first {@code frames} frames of a clip file, centre square crop, area-resized to {@code size}² (what every bench clip is). */
    static Clip squareClip(String name, Path p, int frames, int size) {
        try (VideoSource src = Videos.open(p, ReadOptions.defaults().frames(frames))) {
            VideoInfo info = src.info();
            Clip raw = src.read(frames);
            if (raw.frames() < frames) {
                throw new InvalidInputException(name + " has only " + raw.frames() + " frames, the bench needs " + frames);
            }
            return Geometry.squareResize(info.width(), info.height(), size).toNetwork(raw);
        }
    }

    /** Mean over clips per (task, method). */
    static List<Map<String, Object>> summary(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            groups.computeIfAbsent(r.get("task") + "\u0000" + r.get("method"), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Map<String, Object>> g : groups.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", g.get(0).get("task"));
            m.put("method", g.get(0).get("method"));
            m.put("clips", g.size());
            for (String k : List.of("psnr", "ssim", "flicker", "tpsnr", "seconds", "network_seconds", "operator_seconds", "other_seconds")) {
                m.put(k, g.stream().mapToDouble(r -> ((Number) r.get(k)).doubleValue()).average().orElse(Double.NaN));
            }
            // Runs recorded before the perceptual metrics lack them; null where no run has a value.
            for (String k : MetricSuite.PERCEPTUAL_NAMES) {
                java.util.OptionalDouble mean = g.stream().filter(r -> r.get(k) != null)
                        .mapToDouble(r -> ((Number) r.get(k)).doubleValue()).average();
                m.put(k, mean.isPresent() ? mean.getAsDouble() : null);
            }
            // Present only where every clip's run has them (windowed or tiled runs).
            for (String k : SPLIT_COLUMNS) {
                if (g.stream().allMatch(r -> r.get(k) instanceof Number)) {
                    m.put(k, g.stream().mapToDouble(r -> ((Number) r.get(k)).doubleValue()).average().orElse(Double.NaN));
                }
            }
            out.add(m);
        }
        return out;
    }

    /** Columns of windowed runs (run.json's boundary / interior split) and of tiled ones (the tile-border score). */
    static final List<String> SPLIT_COLUMNS = List.of("boundary_flicker", "interior_flicker", "boundary_tpsnr", "interior_tpsnr",
            "tile_border", "tile_border_mean");

    /**
     * Tables with one row per task and one column per method (means over clips): distortion (PSNR / SSIM /
     * seconds), then perception (NIQE ↓ / sharpness, 1 = the reference's detail / warping error ↓ ×1000); when some
     * runs used windows or tiles, a third table with their seam figures, one row per task and method.
     */
    static String markdown(List<Map<String, Object>> rows) {
        String main = qualityTable(rows);
        List<Map<String, Object>> seams = summary(rows).stream().filter(r -> SPLIT_COLUMNS.stream().anyMatch(r::containsKey)).toList();
        if (seams.isEmpty()) {
            return main;
        }
        MarkdownTable t = new MarkdownTable(List.of("task", "method", "flicker joins / inside", "tPSNR joins / inside", "tile border (last / mean)"));
        for (Map<String, Object> r : seams) {
            t.row(List.of(r.get("task"), r.get("method"), pair(r, "boundary_flicker", "interior_flicker", "%.5f"),
                    pair(r, "boundary_tpsnr", "interior_tpsnr", "%.2f"), pair(r, "tile_border", "tile_border_mean", "%.3f")));
        }
        return main + "\nSeams (windowed runs: transitions across window boundaries vs inside windows; tiled runs: tile-border score, 1 = invisible)\n\n"
                + t.render();
    }

    private static String pair(Map<String, Object> r, String a, String b, String format) {
        return r.containsKey(a) ? String.format(Locale.ROOT, format + " / " + format, r.get(a), r.get(b)) : "–";
    }

    private static String qualityTable(List<Map<String, Object>> rows) {
        List<Map<String, Object>> sum = summary(rows);
        return table(sum, "PSNR / SSIM / s", r -> String.format(Locale.ROOT, "%.2f / %.3f / %.1f", r.get("psnr"), r.get("ssim"),
                r.get("seconds")))
                + "\n" + table(sum, "NIQE / sharpness / warp×1e3", r -> String.format(Locale.ROOT, "%s / %s / %s",
                        cell(r.get("niqe"), "%.2f", 1), cell(r.get("sharpness"), "%.2f", 1), cell(r.get("warp"), "%.3f", 1e3)));
    }

    private static String table(List<Map<String, Object>> sum, String what, java.util.function.Function<Map<String, Object>, String> format) {
        List<String> methods = sum.stream().map(r -> (String) r.get("method")).distinct().toList();
        List<String> tasks = sum.stream().map(r -> (String) r.get("task")).distinct().toList();
        List<String> header = new ArrayList<>(List.of("task"));
        for (String m : methods) {
            header.add(m + " " + what);
        }
        MarkdownTable t = new MarkdownTable(header);
        for (String task : tasks) {
            List<Object> cells = new ArrayList<>(List.of(task));
            for (String m : methods) {
                cells.add(sum.stream().filter(r -> r.get("task").equals(task) && r.get("method").equals(m)).findFirst()
                        .map(format).orElse("–"));
            }
            t.row(cells);
        }
        return t.render();
    }

    /** A value scaled and formatted, or "n/a" where the metric has none (NIQE on frames below its patch size). */
    private static String cell(Object value, String format, double scale) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, ((Number) value).doubleValue() * scale);
    }

    private static void plots(List<Map<String, Object>> rows, Path outDir) throws IOException {
        List<Map<String, Object>> sum = summary(rows);
        List<String> methods = sum.stream().map(r -> (String) r.get("method")).distinct().toList();
        List<String> tasks = sum.stream().map(r -> (String) r.get("task")).distinct().toList();
        BarChart quality = new BarChart("PSNR per task (mean over clips)", "task", "PSNR (dB)", tasks);
        BarChart time = new BarChart("Seconds per run (mean over clips)", "task", "seconds", tasks);
        for (String m : methods) {
            quality.addSeries(m, tasks.stream().mapToDouble(t -> value(sum, t, m, "psnr")).toArray());
            time.addSeries(m, tasks.stream().mapToDouble(t -> value(sum, t, m, "seconds")).toArray());
        }
        quality.writePng(outDir.resolve("quality.png"), 900, 420);
        time.writePng(outDir.resolve("time.png"), 900, 420);
        BarChart split = new BarChart("Time split per method (mean over runs)", "method", "seconds", methods);
        for (String part : List.of("network_seconds", "operator_seconds", "other_seconds")) {
            split.addSeries(part.replace("_seconds", ""), methods.stream().mapToDouble(m -> sum.stream()
                    .filter(r -> r.get("method").equals(m)).mapToDouble(r -> (double) r.get(part)).average().orElse(Double.NaN)).toArray());
        }
        split.writePng(outDir.resolve("time-split.png"), 900, 420);
    }

    private static double value(List<Map<String, Object>> sum, String task, String method, String key) {
        return sum.stream().filter(r -> r.get("task").equals(task) && r.get("method").equals(method)).findFirst()
                .map(r -> ((Number) r.get(key)).doubleValue()).orElse(Double.NaN);
    }
}

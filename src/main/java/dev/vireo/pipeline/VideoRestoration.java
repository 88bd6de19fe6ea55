package dev.vireo.pipeline;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.pipeline.Geometry;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.VideoInfo;
import dev.vireo.io.video.VideoSink;
import dev.vireo.io.video.VideoSource;
import dev.vireo.io.video.Videos;
import dev.vireo.io.video.WriteOptions;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.metrics.ScoreAccumulator;
import dev.vireo.metrics.WindowJoins;
import dev.vireo.metrics.plot.LineChart;
import dev.vireo.job.Restoration;
import dev.vireo.model.AdmPrior;
import dev.vireo.model.Prior;
import dev.vireo.model.TiledPrior;
import dev.vireo.model.Models;
import dev.vireo.operators.Boundary;
import dev.vireo.operators.Composite;
import dev.vireo.operators.FrameWindow;
import dev.vireo.operators.LinearOperator;
import dev.vireo.operators.TemporalBlur;
import dev.vireo.provenance.Machine;
import dev.vireo.provenance.RunRecord;
import dev.vireo.report.HtmlReport;
import dev.vireo.report.Panels;
import dev.vireo.solvers.MemoryEstimate;
import dev.vireo.solvers.Solver;
import dev.vireo.solvers.Solvers;
import dev.vireo.solvers.SviOptions;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;

/**
 * Restores a video file window by window: read, (simulate the degradation), solve, write, score, and
 * record. Memory stays bounded by one window whatever the clip's length.
 */
public final class VideoRestoration {
    /** Progress of the whole run: windows and solver steps. */
    public interface Listener {
        void progress(long done, long total, String detail);
    }

    /** What a run produced. {@code quality} (metric → whole-clip value) is null when there was no clean reference. */
    public record Result(Path output, List<Path> extras, int frames, int windows, Map<String, Double> quality,
            List<Map<String, Double>> perFrame, Map<String, Object> record) {}

    private final RestoreSettings s;
    private final Listener listener;
    private final Map<String, Object> notes = new LinkedHashMap<>();

    public VideoRestoration(RestoreSettings settings, Listener listener) {
        this.s = settings;
        this.listener = listener;
    }

    /** An extra run.json entry from whoever prepared the settings (e.g. the estimate behind --degradation auto). */
    public VideoRestoration note(String key, Object value) {
        notes.put(key, value);
        return this;
    }

    public Result run() throws IOException {
        RunChecks.settings(s);
        RunRecord record = new RunRecord("restore").put("settings", s.asMap());
        notes.forEach(record::put);
        long t0 = System.nanoTime();
        Torch.setThreads(s.threads());
        Solver solver = Solvers.create(s.method(), s.methodOptions());
        Prior prior = null;
        if (solver.needsPrior()) {
            AdmPrior adm = Models.prior(s.model(), s.modelConfig());
            Precision.Choice precision = Precision.choose(s.precision());
            adm.setPrecision(precision.precision());
            record.put("precision", Map.of("requested", precision.requested(), "ran", precision.label(),
                    "reason", precision.reason()));
            // Tiles shift with the run seed, the same grid for every frame and window.
            prior = s.tile() > 0 ? new TiledPrior(adm, s.tile(), s.tileOverlap(), TiledPrior.DEFAULT_TILE_BATCH, s.seed()) : adm;
            record.put("model", prior.provenance());
        }
        Restoration job = new Restoration(prior, solver, s.noiseSigma(), s.seed());
        record.put("method", job.describe());
        record.time("load_model", seconds(t0));
        int multiple = prior != null ? prior.sizeMultiple() : 1;

        ReadOptions ro = ReadOptions.defaults().start(s.start()).frames(s.frames());
        List<Path> extras = new ArrayList<>();
        try (VideoSource src = Videos.open(s.input(), ro);
                VideoSource ref = s.reference() != null && !s.simulate() ? Videos.open(s.reference(), ro) : null) {
            VideoInfo info = src.info();
            RunChecks.frames(s, info);
            Geometry geometry = s.simulate() ? geometry(info.width(), info.height(), multiple) : null;
            record.put("input", Map.of("format", info.format(), "codec", info.codec(), "width", info.width(),
                    "height", info.height(), "fps", info.fps(), "frames", info.frameCount()));
            if (geometry != null) {
                record.put("geometry", geometry.toString());
            }
            long totalFrames = info.frameCountKnown() ? Math.max(0, Math.min(info.frameCount() - s.start(),
                    s.frames() < 0 ? Long.MAX_VALUE : s.frames())) : -1;
            Operators operators = new Operators(s.degradation(), prior != null ? prior.channels() : 3, temporalDefault());
            FrameBuffer input = new FrameBuffer(src);
            Clip first = input.get(0, s.window());
            if (first == null) {
                throw new InvalidInputException(s.input() + ": no frames in the selected span (start " + s.start() + ")");
            }
            // Windows overlap and see temporal context only where output frames map onto input frames without wrap-around.
            int[] reach = operators.forClip(s.simulate() ? geometry.toNetwork(first).shape()
                    : operators.clipShapeFor(first.shape())).temporalReach();
            String join = reach == null ? RestoreSettings.JOIN_NONE : s.join();
            if (join.equals(RestoreSettings.JOIN_AUTO)) {
                join = reach[0] <= s.window() - s.overlap() ? RestoreSettings.JOIN_KNOWN : RestoreSettings.JOIN_CROSSFADE;
            }
            int overlap = join.equals(RestoreSettings.JOIN_NONE) ? 0 : s.overlap();
            int stride = s.window() - overlap;
            if (join.equals(RestoreSettings.JOIN_KNOWN) && reach[0] > stride) {
                throw new InvalidInputException("--join known needs a window of at least overlap + " + reach[0]
                        + " frames (the operator's reach back), got --window " + s.window() + " --overlap " + overlap);
            }
            long windowsTotal = totalFrames < 0 ? -1 : Math.max(1, (Math.max(0, totalFrames - overlap) + stride - 1) / stride);
            record.put("windows_plan", Map.of("window", s.window(), "overlap", overlap, "join", join, "temporal_context",
                    reach == null ? List.of() : List.of(reach[0], reach[1])));

            // A measurement with fewer frames than its clip (subsample:k) is restored to k× the frames at k× the rate:
            // the duration stays, so the audio is copied in every case and stays in sync.
            double fps = s.simulate() ? info.fps() : info.fps() * operators.clipShapeFor(first.shape())[0] / first.frames();
            record.put("output_fps", fps);
            if (ref != null && fps != info.fps()) {
                throw new InvalidInputException("--reference cannot be matched frame by frame to a restoration with more frames than its "
                        + "measurement (" + s.degradation() + "); score the output against it with vireo eval");
            }
            WriteOptions wo = WriteOptions.defaults();
            if (info.hasAudio()) {
                wo = wo.audioFrom(s.input(), s.start() / info.fps());
            }
            Path comparePath = s.compare() ? sibling(s.output(), ".compare.mp4") : null;
            // A report shows the perceptual metrics beside the distortion ones.
            MetricSuite metrics = s.report() || s.simulate() ? MetricSuite.extended(0) : Restoration.METRICS;
            ScoreAccumulator scores = new ScoreAccumulator(metrics, new WindowJoins(s.window(), overlap));
            WorkFolder work = WorkFolder.open(hiddenSibling(s.output(), ".vireo-work"), s.asMap(), s.resume(), info.fps());
            Clip lastOut = null;
            Clip lastClean = null;
            Clip tail = null;
            Clip previous = null;
            Clip firstPanel = null;
            FrameBuffer reference = ref == null ? null : new FrameBuffer(ref);
            int frames = 0;
            int windows = 0;
            long estimate = 0;
            double solveSeconds = 0;
            double networkSeconds = 0;
            double operatorSeconds = 0;
            try (VideoSink sink = Videos.create(s.output(), wo, fps);
                    VideoSink compare = comparePath != null ? Videos.create(comparePath, WriteOptions.defaults(), fps) : null) {
                // A failure anywhere discards what was written, so a failed run never leaves a finished-looking output.
                try {
                    for (long start = 0; ; start += stride) {
                        Clip own = input.get(start, start + s.window());
                        if (own == null) {
                            break;
                        }
                        long end = start + own.frames();
                        boolean last = !input.has(end);
                        WindowProblem wp = reach == null ? plain(own, geometry, operators, job, windows)
                                : withContext(input, start, end, reach, geometry, operators, job, windows);
                        if (join.equals(RestoreSettings.JOIN_NONE) && reach != null) {
                            wp = alone(wp, own, geometry, operators);
                        } else if (join.equals(RestoreSettings.JOIN_KNOWN) && previous != null) {
                            wp = known(wp, previous, stride, overlap);
                        }
                        Clip clean = s.simulate() ? wp.clean() : reference == null ? null : reference.get(start, end);
                        if (prior != null) {
                            estimate = Math.max(estimate, checkMemory(prior, wp.clipShape(), solver));
                        }
                        final int w = windows;
                        Clip restored = work.load(windows);
                        if (restored == null) {
                            Restoration.Restored r = job.restore(wp.operator(), wp.measured(), wp.clipShape(),
                                    (step, total) -> listener.progress((long) w * total + step + 1,
                                            windowsTotal < 0 ? -1 : windowsTotal * total,
                                            String.format(Locale.ROOT, "window %d%s", w + 1, windowsTotal < 0 ? "" : "/" + windowsTotal)));
                            solveSeconds += r.timings().seconds();
                            networkSeconds += r.timings().networkSeconds();
                            operatorSeconds += r.timings().operatorSeconds();
                            // A window without context owns its whole clip, which has k× its measured frames for subsample:k.
                            int owned = (int) (reach == null ? wp.clipShape()[0] : end - start);
                            restored = wp.known() == null ? Clips.range(r.clip(), wp.ownOffset(), owned)
                                    : Clips.concat(wp.known(), Clips.range(r.clip(), 0, owned - wp.known().frames()));
                            work.save(windows, restored);
                        }
                        previous = restored;
                        Clip out = toSource(geometry, restored);
                        // With known frames the shared frames were held fixed, so they already equal the tail.
                        if (tail != null && !join.equals(RestoreSettings.JOIN_KNOWN)) {
                            out = Clips.crossFade(tail, out, overlap);
                        }
                        int emit = last ? out.frames() : out.frames() - overlap;
                        tail = last ? null : Clips.range(out, emit, overlap);
                        out = Clips.range(out, 0, emit);
                        sink.write(out);
                        Clip cleanOut = clean == null ? null : Clips.range(toSource(geometry, clean), 0, emit);
                        if (cleanOut != null) {
                            if (cleanOut.height() != out.height() || cleanOut.width() != out.width()) {
                                throw new InvalidInputException("reference " + s.reference() + " has frames of " + cleanOut.width() + "x"
                                        + cleanOut.height() + ", the restoration " + out.width() + "x" + out.height());
                            }
                            // The previous window's last frame goes in front, so the transitions across the join are scored too.
                            boolean carried = lastOut != null;
                            try (PointerScope scope = new PointerScope()) {
                                scores.add(metrics.evaluate(carried ? Clips.concat(lastOut, out) : out,
                                        carried ? Clips.concat(lastClean, cleanOut) : cleanOut), carried);
                            }
                            lastOut = Clips.lastFrame(out);
                            lastClean = Clips.lastFrame(cleanOut);
                        }
                        // Panels feed the comparison video and the first window's contact sheet only.
                        if (compare != null || firstPanel == null) {
                            Clip measuredShown = Clips.range(wp.measured(), 0, Math.min(emit, wp.measured().frames()));
                            List<Clip> panels = new ArrayList<>(List.of(measuredShown, out));
                            if (cleanOut != null) {
                                panels.add(cleanOut);
                            }
                            Clip panel = Panels.sideBySide(panels);
                            if (firstPanel == null) {
                                firstPanel = panel;
                            }
                            if (compare != null) {
                                compare.write(panel);
                            }
                        }
                        frames += out.frames();
                        windows++;
                        input.dropBefore(start + stride - (reach == null ? 0 : reach[0]));
                        if (reference != null) {
                            reference.dropBefore(start + stride);
                        }
                        if (last) {
                            break;
                        }
                    }
                } catch (IOException | RuntimeException | Error e) {
                    sink.abort();
                    if (compare != null) {
                        compare.abort();
                    }
                    throw e;
                }
                if (frames == 0) {
                    throw new InvalidInputException(s.input() + ": no frames in the selected span (start " + s.start() + ")");
                }
            }
            work.finish();
            if (comparePath != null) {
                extras.add(comparePath);
            }
            record.put("memory", Map.of("estimate_bytes", estimate, "peak_rss_bytes", Machine.peakRss()));
            record.time("solve", solveSeconds);
            record.time("solve_network", networkSeconds);
            record.time("solve_operator", operatorSeconds);
            Evaluation quality = null;
            List<Map<String, Double>> perFrame = List.of();
            if (scores.frameCount() > 0) {
                quality = scores.result();
                perFrame = quality.frames();
                record.put("quality", quality.mean());
                if (windows > 1) {
                    record.put("quality_window_boundaries", scores.boundary());
                    record.put("quality_window_interiors", scores.interior());
                }
                record.put("per_frame", perFrame);
            }
            record.put("frames", frames).put("windows", windows);
            if (s.compare() || s.report() || s.simulate()) {
                extras.addAll(writeVisuals(firstPanel, quality, record));
            }
            Path runJson = sibling(s.output(), ".run.json");
            record.write(runJson);
            extras.add(runJson);
            return new Result(s.output(), extras, frames, windows, quality == null ? null : quality.mean(), perFrame, record.asMap());
        }
    }

    /**
     * One window's inverse problem: the measurement it owns, the operator from its unknown frames to that
     * measurement, the unknown's shape, where the window's own frames start in the unknown, and (simulating)
     * the clean frames it owns.
     */
    private record WindowProblem(Clip measured, LinearOperator operator, long[] clipShape, int ownOffset, Clip clean, Clip known) {
        WindowProblem(Clip measured, LinearOperator operator, long[] clipShape, int ownOffset, Clip clean) {
            this(measured, operator, clipShape, ownOffset, clean, null);
        }
    }

    /** The window alone: its measurement maps onto its own frames (frame subsampling, a circular boundary). */
    private WindowProblem plain(Clip own, Geometry geometry, Operators operators, Restoration job, int window) {
        if (s.simulate()) {
            Clip clean = geometry.toNetwork(own);
            LinearOperator op = operators.forClip(clean.shape());
            return new WindowProblem(job.measure(op, clean, window), op, clean.shape(), 0, clean);
        }
        long[] shape = operators.clipShapeFor(own.shape());
        return new WindowProblem(own, operators.forClip(shape), shape, 0, null);
    }

    /**
     * The window's own frames [start, end) extended by the operator's temporal reach on both sides (within the
     * clip): the measurement of its own frames depends on those neighbours, so they are unknowns of this window's
     * solve too, and only the rows of its own frames are kept (no wrap-around at the window's edges).
     */
    private WindowProblem withContext(FrameBuffer input, long start, long end, int[] reach, Geometry geometry,
            Operators operators, Restoration job, int window) {
        long from = Math.max(0, start - reach[0]);
        int before = (int) (start - from);
        int count = (int) (end - start);
        if (s.simulate()) {
            Clip clean = geometry.toNetwork(input.get(from, end + reach[1]));
            LinearOperator op = new Composite(List.of(operators.forClip(clean.shape()), new FrameWindow(before, count, clean.frames())));
            return new WindowProblem(job.measure(op, clean, window), op, clean.shape(), before, Clips.range(clean, before, count));
        }
        Clip own = input.get(start, end);
        Clip context = input.get(from, end + reach[1]);
        long[] shape = operators.clipShapeFor(own.shape());
        shape[0] = context.frames();
        LinearOperator op = new Composite(List.of(operators.forClip(shape), new FrameWindow(before, count, context.frames())));
        return new WindowProblem(own, op, shape, before, null);
    }

    /**
     * --join none: the measurement the window owns (the same rows as with context), restored as if it were the
     * window's alone: the operator on the window's own frames, with its boundary at the window's edges.
     */
    private WindowProblem alone(WindowProblem withContext, Clip own, Geometry geometry, Operators operators) {
        long[] shape = s.simulate() ? geometry.toNetwork(own).shape() : operators.clipShapeFor(own.shape());
        return new WindowProblem(withContext.measured(), operators.forClip(shape), shape, 0, withContext.clean());
    }

    /**
     * --join known: the frames before the window's own ones (its context) and its first {@code overlap} frames
     * were restored by the previous window; they enter as known frames (a hard constraint). The unknowns are the
     * frames after them, and the measurement loses the known frames' contribution: y − A [known; 0].
     */
    private WindowProblem known(WindowProblem wp, Clip previous, int stride, int overlap) {
        int before = wp.ownOffset();
        int k = before + overlap;
        int n = (int) wp.clipShape()[0];
        Clip known = Clips.range(previous, stride - before, k);
        long[] unknownShape = wp.clipShape().clone();
        unknownShape[0] = n - k;
        float[] padded = new float[(int) dev.vireo.tensor.Tensors.numel(wp.clipShape())];
        System.arraycopy(known.data(), 0, padded, 0, known.data().length);
        Clip fromKnown = Restoration.measure(wp.operator(), Clip.of(padded, wp.clipShape(), known.fps()), 0, 0, 0);
        float[] y = wp.measured().data().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] -= fromKnown.data()[i];
        }
        LinearOperator op = new Composite(List.of(new Embed(new FrameWindow(k, n - k, n)), wp.operator()));
        return new WindowProblem(Clip.of(y, wp.measured().shape(), wp.measured().fps()), op, unknownShape, 0,
                wp.clean(), Clips.range(known, before, overlap));
    }

    /** The unknown frames put in place among the known ones (zeros there): a frame window's adjoint. */
    private record Embed(FrameWindow window) implements LinearOperator {
        @Override
        public org.bytedeco.pytorch.Tensor apply(org.bytedeco.pytorch.Tensor x) {
            return window.adjoint(x);
        }

        @Override
        public org.bytedeco.pytorch.Tensor adjoint(org.bytedeco.pytorch.Tensor y) {
            return window.apply(y);
        }

        @Override
        public long[] outputShape(long[] inputShape) {
            long[] out = inputShape.clone();
            out[0] = window.frames();
            return out;
        }

        @Override
        public int[] temporalReach() {
            return null;
        }

        @Override
        public String spec() {
            return "embed:" + window.offset() + ":" + window.count() + ":" + window.frames();
        }
    }

    /** The default temporal boundary: the paper's circular one with --paper-exact, else no wrap-around. */
    private Boundary temporalDefault() {
        return "true".equalsIgnoreCase(s.methodOptions().getOrDefault("paper-exact", "false")) ? Boundary.CIRCULAR
                : TemporalBlur.DEFAULT_BOUNDARY;
    }

    private Geometry geometry(int width, int height, int multiple) {
        if (!"auto".equals(s.geometry())) {
            return Geometry.parse(s.geometry(), width, height);
        }
        int longSide = Math.max(width, height);
        if (s.maxSize() > 0 && longSide > s.maxSize()) {
            double scale = (double) s.maxSize() / longSide;
            int w = Math.max(multiple, (int) Math.round(width * scale / multiple) * multiple);
            int h = Math.max(multiple, (int) Math.round(height * scale / multiple) * multiple);
            return Geometry.resize(width, height, w, h);
        }
        if (width % multiple == 0 && height % multiple == 0) {
            return Geometry.none(width, height);
        }
        return Geometry.pad(width, height, multiple);
    }

    /** Back to the source frame size where the geometry can be undone (padding); one-way geometries keep the network size. */
    private static Clip toSource(Geometry geometry, Clip c) {
        return geometry != null && geometry.invertible() ? geometry.fromNetwork(c) : c;
    }

    /** The run's estimated peak memory for one window; refused, naming the flag that reduces it, when it does not fit. */
    private long checkMemory(Prior prior, long[] clipShape, Solver solver) {
        int bytesPerParam = 4;
        long perFrame = prior.activationBytesPerFrame((int) clipShape[2], (int) clipShape[3]);
        int micro = solver.options() instanceof SviOptions o ? o.microBatch() : 0;
        long need = MemoryEstimate.peakBytes(clipShape, prior.parameterCount(), bytesPerParam, perFrame, micro);
        long available = Machine.availableMemory();
        if (available > 0 && need > available) {
            int fits = MemoryEstimate.largestMicroBatch(clipShape, prior.parameterCount(), bytesPerParam, perFrame, available);
            String hint = RunChecks.memoryHint(s.simulate(), solver.options() instanceof SviOptions ? fits : 0);
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "this run needs about %.1f GB but only %.1f GB is available; use %s", need / 1e9, available / 1e9, hint));
        }
        return need;
    }

    private List<Path> writeVisuals(Clip panel, Evaluation quality, RunRecord record) throws IOException {
        List<Path> out = new ArrayList<>();
        Path sheet = sibling(s.output(), ".sheet.png");
        dev.vireo.io.AtomicFiles.write(sheet, tmp -> ImageIO.write(Panels.contactSheet(panel, 4), "png", tmp.toFile()));
        out.add(sheet);
        if (!(s.report() || s.simulate())) {
            return out;
        }
        HtmlReport report = new HtmlReport("Vireo restoration: " + s.input().getFileName());
        Path frame0 = sibling(s.output(), ".frame0.png");
        dev.vireo.io.AtomicFiles.write(frame0, tmp -> ImageIO.write(Panels.frame(panel, 0), "png", tmp.toFile()));
        out.add(frame0);
        report.image(frame0.getFileName().toString(), "first frame: measurement | restored" + (quality != null ? " | reference" : ""));
        report.image(sheet.getFileName().toString(), "contact sheet (evenly spaced frames of the first window)");
        if (quality != null) {
            report.quality(quality);
            List<Map<String, Double>> perFrame = quality.frames();
            Path plot = sibling(s.output(), ".plot.png");
            double[] psnr = perFrame.stream().mapToDouble(r -> r.get("psnr")).toArray();
            double[] ssim = perFrame.stream().mapToDouble(r -> r.get("ssim")).toArray();
            new LineChart("PSNR per frame", "frame", "PSNR (dB)").addSeries("psnr", psnr).writePng(plot, 720, 320);
            Path plot2 = sibling(s.output(), ".ssim.png");
            new LineChart("SSIM per frame", "frame", "SSIM").addSeries("ssim", ssim).writePng(plot2, 720, 320);
            out.add(plot);
            out.add(plot2);
            report.image(plot.getFileName().toString(), "PSNR per frame");
            report.image(plot2.getFileName().toString(), "SSIM per frame");
        }
        s.asMap().forEach(report::setting);
        report.setting("output", s.output().getFileName());
        Path html = sibling(s.output(), ".report.html");
        report.write(html);
        out.add(html);
        return out;
    }

    /** {@code dir/stem + suffix} beside {@code output} ("restored.mp4" → "restored.run.json"). */
    static Path sibling(Path output, String suffix) {
        Path abs = output.toAbsolutePath();
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return abs.resolveSibling(stem + suffix);
    }

    /** {@code dir/.stem + suffix} beside {@code output}: for what the user need not see. */
    static Path hiddenSibling(Path output, String suffix) {
        Path p = sibling(output, suffix);
        return p.resolveSibling("." + p.getFileName());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}

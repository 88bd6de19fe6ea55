package dev.vireo.pipeline;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.io.video.Geometry;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.VideoInfo;
import dev.vireo.io.video.VideoSink;
import dev.vireo.io.video.VideoSource;
import dev.vireo.io.video.Videos;
import dev.vireo.io.video.WriteOptions;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.metrics.plot.LineChart;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.operators.MeasurementNoise;
import dev.vireo.provenance.Machine;
import dev.vireo.provenance.RunRecord;
import dev.vireo.report.HtmlReport;
import dev.vireo.report.Panels;
import dev.vireo.solvers.MemoryEstimate;
import dev.vireo.solvers.Problem;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solver;
import dev.vireo.solvers.Solvers;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
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
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Restores a video file window by window: read, (simulate the degradation), solve, write, score, and
 * record. Memory stays bounded by one window whatever the clip's length.
 */
public final class VideoRestoration {
    /** Progress of the whole run: windows and solver steps. */
    public interface Listener {
        void progress(long done, long total, String detail);
    }

    /** What a run produced. {@code quality} is null when there was no clean reference. */
    public record Result(Path output, List<Path> extras, int frames, int windows, Map<String, Double> quality,
            List<Map<String, Double>> perFrame, Map<String, Object> record) {}

    private final RestoreSettings s;
    private final Listener listener;

    public VideoRestoration(RestoreSettings settings, Listener listener) {
        this.s = settings;
        this.listener = listener;
    }

    public Result run() throws IOException {
        RunRecord record = new RunRecord("restore").put("settings", s.asMap());
        long t0 = System.nanoTime();
        Torch.setThreads(s.threads());
        Solver solver = Solvers.create(s.method(), s.methodOptions());
        AdmUNet model = null;
        if (solver.needsModel()) {
            model = Models.load(s.model(), s.modelConfig());
            Precision.Choice precision = Precision.choose(s.precision());
            model.setPrecision(precision.precision());
            record.put("precision", Map.of("requested", precision.requested(), "ran", precision.label(),
                    "reason", precision.reason()));
            record.put("model", Map.of("name", s.model(), "sha256", model.checkpointSha256(),
                    "parameters", model.parameterCount(), "flags", model.config().toString()));
        }
        record.time("load_model", seconds(t0));
        int multiple = model != null ? model.sizeMultiple() : 1;

        ReadOptions ro = ReadOptions.defaults().start(s.start()).frames(s.frames());
        List<Path> extras = new ArrayList<>();
        try (VideoSource src = Videos.open(s.input(), ro);
                VideoSource ref = s.reference() != null && !s.simulate() ? Videos.open(s.reference(), ro) : null) {
            VideoInfo info = src.info();
            Geometry geometry = s.simulate() ? geometry(info.width(), info.height(), multiple) : null;
            record.put("input", Map.of("format", info.format(), "codec", info.codec(), "width", info.width(),
                    "height", info.height(), "fps", info.fps(), "frames", info.frameCount()));
            if (geometry != null) {
                record.put("geometry", geometry.toString());
            }
            long totalFrames = info.frameCountKnown() ? Math.max(0, Math.min(info.frameCount() - s.start(),
                    s.frames() < 0 ? Long.MAX_VALUE : s.frames())) : -1;
            long windowsTotal = totalFrames < 0 ? -1 : (totalFrames + s.window() - 1) / s.window();

            WriteOptions wo = WriteOptions.defaults();
            if (info.hasAudio() && keepsLength()) {
                wo = wo.audioFrom(s.input(), s.start() / info.fps());
            }
            Path comparePath = s.compare() ? sibling(s.output(), ".compare.mp4") : null;
            List<Map<String, Double>> perFrame = new ArrayList<>();
            double sseFrames = 0;
            int scoredFrames = 0;
            Clip firstPanel = null;
            int frames = 0;
            int windows = 0;
            double solveSeconds = 0;
            try (VideoSink sink = Videos.create(s.output(), wo, info.fps());
                    VideoSink compare = comparePath != null ? Videos.create(comparePath, WriteOptions.defaults(), info.fps()) : null) {
                while (true) {
                    Clip raw = src.read(s.window());
                    if (raw.frames() == 0) {
                        break;
                    }
                    Clip clean = null;
                    Clip measured;
                    LinearOperator op;
                    long[] clipShape;
                    if (s.simulate()) {
                        clean = geometry.toNetwork(raw);
                        clipShape = new long[] {clean.frames(), 3, clean.height(), clean.width()};
                        op = Degradations.parse(s.degradation(), clipShape);
                        measured = measure(op, clean, windows);
                    } else {
                        measured = raw;
                        clipShape = ShapeInference.clipShape(s.degradation(), measured.shape(), 3);
                        op = Degradations.parse(s.degradation(), clipShape);
                        if (ref != null) {
                            clean = ref.read(s.window());
                        }
                    }
                    if (model != null) {
                        checkMemory(model, clipShape, solver);
                    }
                    long ts = System.nanoTime();
                    final int w = windows;
                    Clip restored = solve(solver, model, op, measured, clipShape,
                            (step, total) -> listener.progress((long) w * total + step + 1,
                                    windowsTotal < 0 ? -1 : windowsTotal * total,
                                    String.format(Locale.ROOT, "window %d%s", w + 1, windowsTotal < 0 ? "" : "/" + windowsTotal)));
                    solveSeconds += seconds(ts);
                    Clip out = toSource(geometry, restored);
                    sink.write(out);
                    Clip cleanOut = clean == null ? null : toSource(geometry, clean);
                    if (cleanOut != null) {
                        if (cleanOut.frames() != out.frames() || cleanOut.height() != out.height() || cleanOut.width() != out.width()) {
                            throw new InvalidInputException("reference " + s.reference() + " has frames of " + cleanOut.width() + "x"
                                    + cleanOut.height() + ", the restoration " + out.width() + "x" + out.height());
                        }
                        Evaluation ev = MetricSuite.standard(0).evaluate(out, cleanOut);
                        for (int f = 0; f < ev.frames().size(); f++) {
                            Map<String, Double> row = new LinkedHashMap<>(ev.frames().get(f));
                            perFrame.add(row);
                            sseFrames += Math.pow(10, -row.get("psnr") / 10);
                            scoredFrames++;
                        }
                    }
                    // Panels feed the comparison video and the first window's contact sheet only.
                    if (compare != null || firstPanel == null) {
                        List<Clip> panels = new ArrayList<>(List.of(measured, out));
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
                }
                if (frames == 0) {
                    throw new InvalidInputException(s.input() + ": no frames in the selected span (start " + s.start() + ")");
                }
            }
            if (comparePath != null) {
                extras.add(comparePath);
            }
            record.time("solve", solveSeconds);
            Map<String, Double> quality = null;
            if (scoredFrames > 0) {
                quality = new LinkedHashMap<>();
                quality.put("psnr", 10 * Math.log10(scoredFrames / sseFrames));
                quality.put("ssim", perFrame.stream().mapToDouble(r -> r.get("ssim")).average().orElse(Double.NaN));
                record.put("quality", quality);
                record.put("per_frame", perFrame);
            }
            record.put("frames", frames).put("windows", windows);
            if (s.compare() || s.report() || s.simulate()) {
                extras.addAll(writeVisuals(firstPanel, perFrame, quality, record));
            }
            Path runJson = sibling(s.output(), ".run.json");
            record.write(runJson);
            extras.add(runJson);
            return new Result(s.output(), extras, frames, windows, quality, perFrame, record.asMap());
        }
    }

    private boolean keepsLength() {
        return s.simulate() || !s.degradation().contains("subsample");
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

    private Clip measure(LinearOperator op, Clip clean, int window) {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor y = op.apply(Tensors.fromFloats(clean.data(), clean.shape()));
            // A new noise draw per window, reproducible from the seed.
            Tensor noisy = new MeasurementNoise(s.noiseSigma(), s.seed() * 1_000_003L + window).addTo(y);
            return Clip.of(Tensors.toFloats(noisy), Tensors.shape(noisy), clean.fps());
        }
    }

    private Clip solve(Solver solver, AdmUNet model, LinearOperator op, Clip measured, long[] clipShape,
            ProgressListener progress) {
        try (PointerScope scope = new PointerScope()) {
            Tensor y = Tensors.fromFloats(measured.data(), measured.shape());
            Problem p = new Problem(y, op, clipShape, s.noiseSigma(), model);
            Tensor x = solver.solve(p, solver.defaultNoise(s.seed()), progress);
            return Clip.of(Tensors.toFloats(x), clipShape, measured.fps());
        }
    }

    private void checkMemory(AdmUNet model, long[] clipShape, Solver solver) {
        long available = Machine.availableMemory();
        if (available <= 0) {
            return;
        }
        int bytesPerParam = 4;
        long perFrame = dev.vireo.model.MemoryEstimate.of(model.config(), (int) clipShape[2], (int) clipShape[3], model.precision()).activationBytesPerFrame();
        int micro = Integer.parseInt(s.methodOptions().getOrDefault("micro-batch", "0"));
        long need = MemoryEstimate.peakBytes(clipShape, model.parameterCount(), bytesPerParam, perFrame, micro);
        if (need > available) {
            int fits = MemoryEstimate.largestMicroBatch(clipShape, model.parameterCount(), bytesPerParam, perFrame, available);
            String hint = fits > 0 ? "--option micro-batch=" + fits : "a smaller --window or --max-size";
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "this run needs about %.1f GB but only %.1f GB is available; use %s", need / 1e9, available / 1e9, hint));
        }
    }

    private List<Path> writeVisuals(Clip panel, List<Map<String, Double>> perFrame, Map<String, Double> quality,
            RunRecord record) throws IOException {
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
            quality.forEach((k, v) -> report.summary(k, String.format(Locale.ROOT, "%.4f", v)));
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
            report.perFrame(List.of("psnr", "ssim"), perFrame.stream().map(r -> new double[] {r.get("psnr"), r.get("ssim")}).toList());
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

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}

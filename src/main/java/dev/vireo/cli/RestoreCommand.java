package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import dev.vireo.estimate.DegradationEstimator;
import dev.vireo.estimate.Estimate;
import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.pipeline.RestoreSettings;
import dev.vireo.pipeline.VideoRestoration;
import dev.vireo.solvers.Solvers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a degraded clip with an image diffusion prior.",
                "INPUT is the measurement you have (any video, a PNG/JPEG folder, or .npy); with --simulate it is a clean",
                "clip that is degraded first, so the result can be scored against it."},
        footer = {"", "Examples:",
                "  vireo restore --input blurred.mp4 --degradation temporal:uniform:7 --output restored.mp4",
                "  vireo restore --simulate --input clip.mp4 --degradation temporal:uniform:7,down:4 --frames 16 \\",
                "      --output out/restored.mp4 --compare",
                "  vireo restore --input clip.mp4 --interpolate 2 --output smooth.mp4   (2x the frames at 2x the frame rate)",
                "Writes OUTPUT and OUTPUT-stem.run.json; --compare adds .compare.mp4 and .sheet.png; --simulate adds .report.html."})
final class RestoreCommand implements Callable<Integer> {
    /** The svi warm start of --interpolate, from the sweep in docs/results/interpolation. */
    static final String INTERPOLATE_WARM_START = "0";

    @Option(names = "--input", required = true, description = "Measured clip (or the clean clip with --simulate).")
    Path input;

    @Option(names = "--output", required = true, description = "Restored video: .mp4 .mkv .avi .webm .gif .npy or a folder/ of PNGs.")
    Path output;

    @Option(names = "--degradation", description = "Operator spec, e.g. temporal:uniform:7,down:4 (docs/operators.md), or auto: estimated from INPUT (docs/estimate.md).")
    String degradation;

    @Option(names = "--interpolate", description = "Frame interpolation instead of --degradation: INPUT is every N-th frame "
            + "(subsample:N), the output has N× the frames at N× the frame rate; the svi family starts from the flow start "
            + "(warm-start=" + INTERPOLATE_WARM_START + " unless given).")
    Integer interpolate;

    @Option(names = "--noise", defaultValue = "0", description = "Measurement noise σ_y (added with --simulate; used by the solver), or auto: estimated from INPUT. Default: ${DEFAULT-VALUE}.")
    String noise;

    @Option(names = "--model", defaultValue = "vireo-tiny", description = "Bundled prior (vireo-tiny, vireo-base) or a checkpoint file. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--config", description = "JSON model flags for a checkpoint file.")
    Path config;

    @Option(names = "--method", defaultValue = "svi", description = "svi, svi-independent, svi-gd, cg, admm-tv or dps. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--nfe", description = "Method option nfe: network evaluations (svi family default 20, dps 1000).")
    String nfe;

    @Option(names = "--eta", description = "Method option eta: stochasticity η (svi family; default 0.15, the paper's).")
    String eta;

    @Option(names = "--cg-steps", description = "Method option cg-steps: CG iterations (svi family per diffusion step, default 5; cg 30; admm-tv per update 10).")
    String cgSteps;

    @Option(names = "--paper-exact", description = "Method option paper-exact=true: the reference code exactly (svi family).")
    boolean paperExact;

    @Option(names = "--option", description = "Any method option key=value (repeatable), e.g. micro-batch=4, gamma=1.0; "
            + "'vireo methods' lists every method's options.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed of all randomness. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--window", defaultValue = "16", description = "Frames restored together; longer clips go window by window. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--overlap", description = "Frames consecutive windows share (default 4, at most half a window).")
    Integer overlap;

    @Option(names = "--join", defaultValue = "auto", description = "How windows meet: auto (known where the window is at least "
            + "overlap + the operator's reach back, else crossfade), known (the previous window's shared frames "
            + "held fixed), crossfade (the shared frames blended) or none (independent windows, no context). Default: ${DEFAULT-VALUE}.")
    String join;

    @Option(names = "--tile", defaultValue = "0", description = "Run the prior on overlapping square tiles of this size "
            + "(e.g. 64, the bundled priors' training size), so memory does not grow with the frame; 0 = whole frames. Default: ${DEFAULT-VALUE}.")
    int tile;

    @Option(names = "--tile-overlap", description = "Pixels neighbouring tiles share (default a quarter tile).")
    Integer tileOverlap;

    @Option(names = "--resume", description = "Continue an interrupted run from its last finished window (kept in a hidden folder beside OUTPUT).")
    boolean resume;

    @Option(names = "--geometry", defaultValue = "auto", description = "auto, none, pad:M, crop:WxH, crop:square, resize:WxH or square:S (--simulate). Default: ${DEFAULT-VALUE}.")
    String geometry;

    @Option(names = "--max-size", defaultValue = "0", description = "With --simulate and auto geometry, area-resize frames whose long side is larger; 0 keeps the clip's own size. Default: ${DEFAULT-VALUE}.")
    int maxSize;

    @Option(names = "--start", defaultValue = "0", description = "First frame. Default: ${DEFAULT-VALUE}.")
    int start;

    @Option(names = "--frames", defaultValue = "-1", description = "Number of frames (-1 = all).")
    int frames;

    @Option(names = "--precision", defaultValue = "auto",
            description = "auto (bf16 on CPUs with avx512_bf16 or amx_bf16 and on CUDA, else fp32), fp32 or bf16. Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    @Option(names = "--simulate", description = "INPUT is clean: degrade it, restore it, and report PSNR/SSIM.")
    boolean simulate;

    @Option(names = "--reference", description = "Clean reference to score against (without --simulate).")
    Path reference;

    @Option(names = "--compare", description = "Also write a side-by-side video and a contact sheet.")
    boolean compare;

    @Option(names = "--report", description = "Also write report.html (always with --simulate).")
    boolean report;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        interpolation();
        Estimate est = autoEstimate();
        String spec = est != null && degradation.equalsIgnoreCase("auto") ? est.spec() : degradation;
        double sigma = est != null && noise.equalsIgnoreCase("auto") ? est.noiseValue() : number("--noise", noise);
        RestoreSettings settings = RestoreSettings.builder(input, output, spec).noise(sigma).model(model, config)
                .method(method, methodOptions(nfe, eta, cgSteps, paperExact, options)).seed(seed).window(window).overlap(overlap).join(join).resume(resume)
                .tiles(tile, tileOverlap == null ? -1 : tileOverlap)
                .geometry(geometry, maxSize).span(start, frames).precision(precision).threads(threads).simulate(simulate)
                .reference(reference).compare(compare).report(report).build();
        Map<String, Object> notes = new LinkedHashMap<>();
        if (est != null) {
            // What the clip measured, and which of --degradation / --noise it was used for.
            Map<String, Object> m = new LinkedHashMap<>(est.toMap());
            m.put("used_for", java.util.stream.Stream.of("degradation", "noise")
                    .filter(k -> (k.equals("noise") ? noise : degradation).equalsIgnoreCase("auto")).toList());
            notes.put("estimate", m);
        }
        VideoRestoration.Result r = run(settings, quiet, notes);
        if (!quiet) {
            System.out.println(summary(r));
        }
        return Main.OK;
    }

    /** --interpolate N is --degradation subsample:N plus, for the svi family, the flow warm start. */
    private void interpolation() {
        if (interpolate == null) {
            if (degradation == null) {
                throw new InvalidInputException("give --degradation SPEC (or --interpolate N for frame interpolation)");
            }
            return;
        }
        if (interpolate < 2 || interpolate > 16) {
            throw new InvalidInputException("--interpolate must be in 2..16 (N× the frames), got " + interpolate);
        }
        if (degradation != null) {
            throw new InvalidInputException("--interpolate " + interpolate + " sets the degradation (subsample:" + interpolate
                    + "); drop --degradation " + InvalidInputException.excerpt(degradation));
        }
        if (simulate) {
            throw new InvalidInputException("--interpolate treats INPUT as the kept frames; to score interpolation of a clean clip use "
                    + "--simulate --degradation subsample:" + interpolate + " --option warm-start=" + INTERPOLATE_WARM_START);
        }
        degradation = "subsample:" + interpolate;
        if (Solvers.table(method).has("warm-start")) {
            options.putIfAbsent("warm-start", INTERPOLATE_WARM_START);
        }
    }

    /**
     * The estimate behind {@code --degradation auto} / {@code --noise auto} (null when neither is auto), taken on
     * the frames to restore at their own resolution: resizing would change the blur and noise it measures.
     */
    private Estimate autoEstimate() {
        if (!degradation.equalsIgnoreCase("auto") && !noise.equalsIgnoreCase("auto")) {
            return null;
        }
        if (simulate) {
            throw new InvalidInputException("--degradation/--noise auto estimate them from a measurement; with --simulate give both");
        }
        Clip measured = Videos.read(input, ReadOptions.defaults().start(start).frames(frames));
        if (geometry.equals("auto") && maxSize > 0 && Math.max(measured.width(), measured.height()) > maxSize) {
            throw new InvalidInputException("--degradation/--noise auto need the frames at their own size, but "
                    + measured.width() + "x" + measured.height() + " would be resized to --max-size " + maxSize
                    + " (pass --max-size 0 or resize the measurement first)");
        }
        Estimate e = DegradationEstimator.estimate(measured);
        System.err.println("estimated: --degradation " + e.spec() + " --noise " + e.noiseValue() + " " + e.toMap());
        return e;
    }

    private static double number(String flag, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + " must be a number or auto, got '" + v + "'");
        }
    }

    static VideoRestoration.Result run(RestoreSettings settings, boolean quiet) throws Exception {
        return run(settings, quiet, Map.of());
    }

    /** The run with extra run.json entries ({@code notes}, e.g. the estimate). */
    static VideoRestoration.Result run(RestoreSettings settings, boolean quiet, Map<String, Object> notes) throws Exception {
        ProgressBar bar = new ProgressBar("restore", System.err, quiet);
        try {
            VideoRestoration job = new VideoRestoration(settings, (done, total, detail) -> bar.update(done, total, detail));
            notes.forEach(job::note);
            return job.run();
        } finally {
            bar.finish();
        }
    }

    static String summary(VideoRestoration.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "restored %d frames in %d window(s) -> %s", r.frames(), r.windows(), r.output()));
        if (r.quality() != null) {
            r.quality().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%n  %s %.4f", k, v)));
        }
        for (Path p : r.extras()) {
            sb.append(System.lineSeparator()).append("  wrote ").append(p);
        }
        return sb.toString();
    }

    /**
     * The method options the user typed: each convenience flag is the option of the same name (the method's
     * table accepts it or refuses it naming the method), then the --option pairs.
     */
    static Map<String, String> methodOptions(String nfe, String eta, String cgSteps, boolean paperExact, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        if (paperExact) {
            m.put("paper-exact", "true");
        }
        if (nfe != null) {
            m.put("nfe", nfe);
        }
        if (eta != null) {
            m.put("eta", eta);
        }
        if (cgSteps != null) {
            m.put("cg-steps", cgSteps);
        }
        m.putAll(extra);
        return m;
    }
}

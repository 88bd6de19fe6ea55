package dev.vireo.cli;

import dev.vireo.pipeline.RestoreSettings;
import dev.vireo.pipeline.VideoRestoration;
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
                "Writes OUTPUT and OUTPUT-stem.run.json; --compare adds .compare.mp4 and .sheet.png; --simulate adds .report.html."})
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Measured clip (or the clean clip with --simulate).")
    Path input;

    @Option(names = "--output", required = true, description = "Restored video: .mp4 .mkv .avi .webm .gif .npy or a folder/ of PNGs.")
    Path output;

    @Option(names = "--degradation", required = true, description = "Operator spec, e.g. temporal:uniform:7,down:4 (docs/operators.md).")
    String degradation;

    @Option(names = "--noise", defaultValue = "0", description = "Measurement noise σ_y (added with --simulate; used by the solver). Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--model", defaultValue = "vireo-tiny", description = "Bundled prior (vireo-tiny, vireo-base) or a checkpoint file. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--config", description = "JSON model flags for a checkpoint file.")
    Path config;

    @Option(names = "--method", defaultValue = "svi", description = "svi, svi-independent, svi-gd, cg, admm-tv or dps. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--nfe", description = "Network evaluations (diffusion steps). svi default 20, dps 1000.")
    Integer nfe;

    @Option(names = "--eta", description = "Stochasticity η (svi; default 0.15, the paper's).")
    Double eta;

    @Option(names = "--cg-steps", description = "CG steps per diffusion step (svi; default 5).")
    Integer cgSteps;

    @Option(names = "--paper-exact", description = "Reproduce the reference code exactly (no Tweedie clipping, code's η split).")
    boolean paperExact;

    @Option(names = "--option", description = "Further method option key=value (repeatable), e.g. micro-batch=4, gamma=1.0.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed of all randomness. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--window", defaultValue = "16", description = "Frames restored together; longer clips go window by window. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--geometry", defaultValue = "auto", description = "auto, none, pad:M, crop:WxH, crop:square, resize:WxH or square:S (--simulate). Default: ${DEFAULT-VALUE}.")
    String geometry;

    @Option(names = "--max-size", defaultValue = "256", description = "With auto geometry, area-resize frames whose long side is larger (0 = keep). Default: ${DEFAULT-VALUE}.")
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
        RestoreSettings settings = new RestoreSettings(input, output, degradation, noise, model, config, method,
                methodOptions(method, nfe, eta, cgSteps, paperExact, options), seed, window, geometry, maxSize, start,
                frames, precision, threads, simulate, reference, compare, report);
        VideoRestoration.Result r = run(settings, quiet);
        if (!quiet) {
            System.out.println(summary(r));
        }
        return Main.OK;
    }

    static VideoRestoration.Result run(RestoreSettings settings, boolean quiet) throws Exception {
        ProgressBar bar = new ProgressBar("restore", System.err, quiet);
        try {
            return new VideoRestoration(settings, (done, total, detail) -> bar.update(done, total, detail)).run();
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

    /** The solver's option map from the convenience flags and the free-form --option pairs. */
    static Map<String, String> methodOptions(String method, Integer nfe, Double eta, Integer cgSteps, boolean paperExact,
            Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        boolean svi = method.startsWith("svi");
        if (paperExact) {
            m.put("paper-exact", "true");
        }
        if (nfe != null) {
            m.put(svi ? "nfe" : "steps", nfe.toString());
        }
        if (eta != null) {
            m.put("eta", eta.toString());
        }
        if (cgSteps != null) {
            m.put(svi ? "cg-steps" : "steps", cgSteps.toString());
        }
        m.putAll(extra);
        return m;
    }
}

package dev.vireo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.estimate.DegradationEstimator;
import dev.vireo.estimate.Estimate;
import dev.vireo.io.AtomicFiles;
import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vireo estimate}: the degradation spec and noise level of a measured clip, from the clip alone (docs/estimate.md). */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimate a measured clip's noise σ_y, temporal averaging length and Gaussian blur.",
        footer = {"", "Examples:", "  vireo estimate --input measured.npy",
                "  vireo estimate --input footage.mp4 --start 100 --frames 32 --json estimate.json",
                "The temporal length k is found for k < frames/2; use 32 frames or more for k up to 15."})
public final class EstimateCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "MEASURED", description = "Measured clip: any video the reader takes, a PNG/JPEG folder, or .npy [N,3,H,W].")
    Path input;

    @Option(names = "--start", defaultValue = "0", description = "First frame. Default: ${DEFAULT-VALUE}.")
    int start;

    @Option(names = "--frames", defaultValue = "-1", description = "Number of frames (-1 = all).")
    int frames;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the estimate as JSON to this file.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Clip clip = Videos.read(input, ReadOptions.defaults().start(start).frames(frames));
        Estimate e = DegradationEstimator.estimate(clip);
        print(e, spec.commandLine().getOut());
        if (json != null) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("input", input.toString());
            root.put("shape", clip.shape());
            root.putAll(e.toMap());
            AtomicFiles.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
        }
        return Main.OK;
    }

    private static void print(Estimate e, PrintWriter out) {
        StringBuilder noise = new StringBuilder("noise     σ_y");
        for (double v : e.noise()) {
            noise.append(String.format(Locale.ROOT, " %.4f", v));
        }
        out.println(noise.append(String.format(Locale.ROOT, "  (per channel; confidence %.2f)", e.noiseConfidence())));
        out.println(String.format(Locale.ROOT, "temporal  %s  (confidence %.2f)",
                e.frames() > 1 ? "uniform over " + e.frames() + " frames" + (e.wraps() ? ", wrapping around" : "") : "none",
                e.framesConfidence()));
        out.println(String.format(Locale.ROOT, "blur      %s  (confidence %.2f)",
                e.blurSigma() > 0 ? "gaussian σ " + e.blurSigma() : "none", e.blurConfidence()));
        out.println("--degradation " + e.spec() + " --noise " + e.noiseValue());
        out.flush();
    }
}

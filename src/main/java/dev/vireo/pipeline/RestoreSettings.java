package dev.vireo.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a restoration run is configured with. Recorded verbatim in run.json.
 *
 * @param input         the measured clip (or, with {@code simulate}, the clean clip to degrade first)
 * @param output        the restored video (format from the extension)
 * @param degradation   the operator spec (docs/operators.md)
 * @param noiseSigma    σ_y of the measurement noise (added when simulating; assumed by the solver)
 * @param model         bundled prior name or checkpoint path
 * @param modelConfig   JSON flags for a checkpoint path, or null
 * @param method        solver name (svi, svi-independent, svi-gd, cg, admm-tv, dps)
 * @param methodOptions solver options by key (see Solvers)
 * @param seed          seed of the solver's noise and of the simulated measurement noise
 * @param window        frames restored together; longer clips are processed window by window
 * @param geometry      how frames reach a size the network accepts ("auto" or a Geometry spec)
 * @param maxSize       with "auto", frames whose long side exceeds this are area-resized down (0 = never)
 * @param start         first frame to read
 * @param frames        frames to read (-1 = all)
 * @param precision     auto, fp32 or bf16 (resolved by Precision.choose)
 * @param threads       intra-op threads (0 = all cores)
 * @param simulate      degrade a clean input first and report quality against it
 * @param reference     a clean reference to score against (optional, without simulate)
 * @param compare       also write a side-by-side video and a contact sheet
 * @param report        also write report.html (always on with simulate)
 */
public record RestoreSettings(Path input, Path output, String degradation, double noiseSigma, String model,
        Path modelConfig, String method, Map<String, String> methodOptions, long seed, int window, String geometry,
        int maxSize, int start, int frames, String precision, int threads, boolean simulate, Path reference,
        boolean compare, boolean report) {

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("output", output.toString());
        m.put("degradation", degradation);
        m.put("noise_sigma", noiseSigma);
        m.put("model", model);
        m.put("model_config", modelConfig == null ? null : modelConfig.toString());
        m.put("method", method);
        m.put("method_options", methodOptions);
        m.put("seed", seed);
        m.put("window", window);
        m.put("geometry", geometry);
        m.put("max_size", maxSize);
        m.put("start", start);
        m.put("frames", frames);
        m.put("precision", precision);
        m.put("threads", threads);
        m.put("simulate", simulate);
        m.put("reference", reference == null ? null : reference.toString());
        m.put("compare", compare);
        m.put("report", report);
        return m;
    }
}

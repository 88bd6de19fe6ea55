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
 * @param methodOptions solver options as typed, by the names of the method's table (see Solvers); run.json records
 *                      the resolved ones
 * @param seed          seed of the solver's noise and of the simulated measurement noise
 * @param window        frames restored together; longer clips are processed window by window
 * @param overlap       frames shared by consecutive windows (cross-faded)
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
 * @param resume        continue an interrupted run from its last finished window
 * @param tile          run the prior on overlapping square tiles of this size (0 = whole frames)
 * @param tileOverlap   pixels neighbouring tiles share (-1 = a quarter tile)
 * @param join          how consecutive windows meet: {@link #JOIN_AUTO}, {@link #JOIN_CROSSFADE}, {@link #JOIN_KNOWN} or {@link #JOIN_NONE}
 */
public record RestoreSettings(Path input, Path output, String degradation, double noiseSigma, String model,
        Path modelConfig, String method, Map<String, String> methodOptions, long seed, int window, int overlap, String geometry,
        int maxSize, int start, int frames, String precision, int threads, boolean simulate, Path reference,
        boolean compare, boolean report, boolean resume, int tile, int tileOverlap, String join) {

    /** Windows with temporal context whose shared frames are cross-faded. */
    public static final String JOIN_CROSSFADE = "crossfade";
    /**
     * Windows with temporal context that take the previous window's shared frames as known (held fixed): what
     * {@link #JOIN_AUTO} picks, as it measured better than the cross-fade (docs/results/windows). It needs windows of
     * at least overlap + the operator's reach back.
     */
    public static final String JOIN_KNOWN = "known";
    /** Independent windows: no context, no shared frames, the operator's boundary at each window's edges. */
    public static final String JOIN_NONE = "none";
    /** The default: {@link #JOIN_KNOWN} where the window is long enough for it, else {@link #JOIN_CROSSFADE}. */
    public static final String JOIN_AUTO = "auto";

    public RestoreSettings {
        methodOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(methodOptions));
        if (window < 1) {
            throw new dev.vireo.InvalidInputException("--window must be at least 1 frame, got " + window);
        }
        if (overlap < 0 || overlap >= window) {
            throw new dev.vireo.InvalidInputException("--overlap must be in 0.." + (window - 1) + " for windows of " + window + " frames, got " + overlap);
        }
        if (!java.util.List.of(JOIN_AUTO, JOIN_CROSSFADE, JOIN_KNOWN, JOIN_NONE).contains(join)) {
            throw new dev.vireo.InvalidInputException("--join must be auto, crossfade, known or none, got '" + join + "'");
        }
    }

    public static Builder builder(Path input, Path output, String degradation) {
        return new Builder(input, output, degradation);
    }

    /** The defaults of {@code vireo restore}, changed one named setting at a time. */
    public static final class Builder {
        private final Path input;
        private final Path output;
        private final String degradation;
        private double noiseSigma;
        private String model = "vireo-tiny";
        private Path modelConfig;
        private String method = "svi";
        private Map<String, String> methodOptions = new LinkedHashMap<>();
        private long seed;
        private int window = 16;
        private int overlap = -1;
        private String geometry = "auto";
        private int maxSize;
        private int start;
        private int frames = -1;
        private String precision = "auto";
        private int threads;
        private boolean simulate;
        private Path reference;
        private boolean compare;
        private boolean report;
        private boolean resume;
        private int tile;
        private int tileOverlap = -1;
        private String join = JOIN_AUTO;

        private Builder(Path input, Path output, String degradation) {
            this.input = input;
            this.output = output;
            this.degradation = degradation;
        }

        public Builder noise(double v) { noiseSigma = v; return this; }
        public Builder model(String v, Path config) { model = v; modelConfig = config; return this; }
        public Builder method(String v, Map<String, String> options) { method = v; methodOptions = new LinkedHashMap<>(options); return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder window(int v) { window = v; return this; }
        /** Frames shared by consecutive windows; by default 4, at most half a window. */
        public Builder overlap(Integer v) { overlap = v == null ? -1 : v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder tiles(int size, int overlap) { tile = size; tileOverlap = overlap; return this; }
        public Builder geometry(String v, int max) { geometry = v; maxSize = max; return this; }
        public Builder span(int first, int count) { start = first; frames = count; return this; }
        public Builder precision(String v) { precision = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder simulate(boolean v) { simulate = v; return this; }
        public Builder reference(Path v) { reference = v; return this; }
        public Builder compare(boolean v) { compare = v; return this; }
        public Builder report(boolean v) { report = v; return this; }
        public Builder join(String v) { join = v; return this; }

        public RestoreSettings build() {
            return new RestoreSettings(input, output, degradation, noiseSigma, model, modelConfig, method, methodOptions, seed,
                    window, overlap < 0 ? dev.vireo.metrics.WindowJoins.defaultOverlap(window) : overlap, geometry, maxSize, start, frames, precision, threads, simulate, reference, compare, report, resume, tile,
                    tileOverlap < 0 ? tile / 4 : tileOverlap, join);
        }
    }

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
        m.put("overlap", overlap);
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
        m.put("resume", resume);
        m.put("tile", tile);
        m.put("tile_overlap", tileOverlap);
        m.put("join", join);
        return m;
    }
}

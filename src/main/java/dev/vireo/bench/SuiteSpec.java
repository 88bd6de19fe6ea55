package dev.vireo.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A benchmark suite: tasks x clips x methods at one set of settings. Loaded from JSON (the bundled
 * {@code quick} and {@code paper} suites live in resources/bench/). The format is documented in
 * docs/benchmarks.md.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SuiteSpec(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("model") String model,
        @JsonProperty("clips") List<String> clips,
        @JsonProperty("frames") int frames,
        @JsonProperty("size") int size,
        @JsonProperty("settings") Settings settings,
        @JsonProperty("tasks") List<Task> tasks,
        @JsonProperty("methods") List<String> methods,
        @JsonProperty("method_settings") Map<String, Settings> methodSettings,
        @JsonProperty("method_tasks") Map<String, List<String>> methodTasks) {

    /**
     * Run settings; null fields fall back to the suite's. {@code options} are method options by the names of
     * the methods' tables ({@link dev.vireo.solvers.Solvers}): at suite level each applies to the methods that
     * declare it (a key no method of the suite declares is refused), in method_settings all must be the method's.
     * {@code window} / {@code overlap} / {@code join} restore the clip in windows as {@code vireo restore} does, and
     * {@code tile} / {@code tile_overlap} run the prior on tiles; either sends the run through the video pipeline.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Settings(
            @JsonProperty("precision") String precision,
            @JsonProperty("threads") Integer threads,
            @JsonProperty("seed") Long seed,
            @JsonProperty("options") Map<String, Object> options,
            @JsonProperty("window") Integer window,
            @JsonProperty("overlap") Integer overlap,
            @JsonProperty("join") String join,
            @JsonProperty("tile") Integer tile,
            @JsonProperty("tile_overlap") Integer tileOverlap) {

        public Settings {
            options = options == null ? Map.of() : new java.util.LinkedHashMap<>(options);
        }

        public Settings(String precision, Integer threads, Long seed, Map<String, Object> options) {
            this(precision, threads, seed, options, null, null, null, null, null);
        }

        /** Whether a run goes through the video pipeline (windows or tiles). */
        public boolean pipeline() {
            return window != null || (tile != null && tile > 0);
        }

        public Settings over(Settings base) {
            if (base == null) {
                return this;
            }
            Map<String, Object> merged = new java.util.LinkedHashMap<>(base.options);
            merged.putAll(options);
            return new Settings(precision != null ? precision : base.precision, threads != null ? threads : base.threads,
                    seed != null ? seed : base.seed, merged, window != null ? window : base.window,
                    overlap != null ? overlap : base.overlap, join != null ? join : base.join, tile != null ? tile : base.tile,
                    tileOverlap != null ? tileOverlap : base.tileOverlap);
        }
    }

    /** A named degradation with its measurement noise level. */
    public record Task(@JsonProperty("name") String name, @JsonProperty("degradation") String degradation,
            @JsonProperty("noise") double noise) {}

    public SuiteSpec {
        methodSettings = methodSettings == null ? Map.of() : methodSettings;
        methodTasks = methodTasks == null ? Map.of() : methodTasks;
        settings = settings == null ? new Settings(null, null, null, null) : settings;
    }

    /**
     * The options one method runs with, as text for its table: the suite's options that the method declares,
     * then its own method_settings options (all of which must be its own).
     */
    public Map<String, String> optionsFor(String method) {
        dev.vireo.solvers.OptionTable<?> table = dev.vireo.solvers.Solvers.table(method);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        settings.options().forEach((k, v) -> {
            if (table.has(k)) {
                out.put(k, String.valueOf(v));
            }
        });
        Settings own = methodSettings.get(method);
        if (own != null) {
            own.options().forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    /** Settings for one method: its own overrides on top of the suite's. */
    public Settings settingsFor(String method) {
        Settings own = methodSettings.get(method);
        return own == null ? settings : own.over(settings);
    }

    /** Refuses suite-level option keys that no method of the suite declares (a typo would otherwise do nothing). */
    void checkOptions() {
        for (String k : settings.options().keySet()) {
            if (methods.stream().noneMatch(m -> dev.vireo.solvers.Solvers.table(m).has(k))) {
                throw new InvalidInputException("suite " + name + ": no method of " + methods + " has an option '" + k + "'");
            }
        }
        for (String m : methods) {
            dev.vireo.solvers.Solvers.create(m, optionsFor(m)); // type and range errors now, not hours in
        }
    }

    /** Whether the suite runs {@code method} on {@code task} (method_tasks restricts expensive methods). */
    public boolean runs(String method, String task) {
        List<String> only = methodTasks.get(method);
        return only == null || only.contains(task);
    }

    /** The suites in src/main/resources/bench, by name. */
    public static final String BUNDLED_NAMES = "quick, paper, paper-base, dps";

    /** A bundled suite by name ({@link #BUNDLED_NAMES}) or a JSON file. */
    public static SuiteSpec load(String nameOrPath) {
        ObjectMapper om = new ObjectMapper();
        try {
            Path p = Path.of(nameOrPath);
            if (Files.isRegularFile(p)) {
                return om.readValue(p.toFile(), SuiteSpec.class);
            }
            try (InputStream in = SuiteSpec.class.getResourceAsStream("/bench/" + nameOrPath + ".json")) {
                if (in == null) {
                    throw new InvalidInputException("no benchmark suite named '" + nameOrPath
                            + "' (bundled: " + BUNDLED_NAMES + ") and no such file");
                }
                return om.readValue(in, SuiteSpec.class);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read benchmark suite " + nameOrPath + ": " + e.getMessage(), e);
        }
    }
}

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

    /** Solver settings; null fields fall back to the suite's, then to the method's defaults. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Settings(
            @JsonProperty("nfe") Integer nfe,
            @JsonProperty("eta") Double eta,
            @JsonProperty("cg_steps") Integer cgSteps,
            @JsonProperty("precision") String precision,
            @JsonProperty("threads") Integer threads,
            @JsonProperty("seed") Long seed,
            @JsonProperty("clip_tweedie") Boolean clipTweedie) {

        public Settings over(Settings base) {
            if (base == null) {
                return this;
            }
            return new Settings(nfe != null ? nfe : base.nfe, eta != null ? eta : base.eta,
                    cgSteps != null ? cgSteps : base.cgSteps, precision != null ? precision : base.precision,
                    threads != null ? threads : base.threads, seed != null ? seed : base.seed,
                    clipTweedie != null ? clipTweedie : base.clipTweedie);
        }
    }

    /** A named degradation with its measurement noise level. */
    public record Task(@JsonProperty("name") String name, @JsonProperty("degradation") String degradation,
            @JsonProperty("noise") double noise) {}

    public SuiteSpec {
        methodSettings = methodSettings == null ? Map.of() : methodSettings;
        methodTasks = methodTasks == null ? Map.of() : methodTasks;
    }

    /** Settings for one method: its own overrides on top of the suite's. */
    public Settings settingsFor(String method) {
        Settings own = methodSettings.get(method);
        return own == null ? settings : own.over(settings);
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

package dev.vireo.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The diffusion half of a checkpoint's flags: how the network was trained, so that its output means what a
 * solver assumes. Read from guided-diffusion's script flags ({@code diffusion_steps}, {@code noise_schedule},
 * {@code predict_xstart}, {@code rescale_timesteps}) or the vireo JSON's {@code diffusion} block
 * ({@code steps}, {@code noise_schedule}, {@code predict}).
 *
 * @param steps            T, the number of training timesteps
 * @param schedule         "linear" or "cosine"
 * @param predictXstart    the network predicts x₀ instead of ε
 * @param rescaleTimesteps the network was fed t·1000/T instead of t
 */
public record DiffusionConfig(int steps, String schedule, boolean predictXstart, boolean rescaleTimesteps) {
    public DiffusionConfig {
        if (steps < 2 || steps > 100_000) {
            throw new InvalidInputException("diffusion_steps must be in 2..100000, got " + steps);
        }
        NoiseSchedule.parse(schedule, steps);
    }

    /** guided-diffusion's defaults, which the bundled priors and adm-256-uncond use. */
    public static DiffusionConfig defaults() {
        return new DiffusionConfig(1000, "linear", false, false);
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.parse(schedule, steps);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("diffusion_steps", steps);
        m.put("noise_schedule", schedule);
        m.put("predict_xstart", predictXstart);
        m.put("rescale_timesteps", rescaleTimesteps);
        return m;
    }

    /** The diffusion flags of a preset ({@link AdmConfig#PRESETS}): the bundled priors' JSON, else the defaults. */
    static DiffusionConfig preset(String name) {
        if (!Models.BUNDLED.contains(name)) {
            AdmConfig.preset(name); // refuses unknown names
            return defaults();
        }
        try (java.io.InputStream in = DiffusionConfig.class.getResourceAsStream("/models/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("bundled /models/" + name + ".json missing from the classpath");
            }
            return fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(in), name);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read bundled " + name + ".json", e);
        }
    }

    static DiffusionConfig fromJson(java.nio.file.Path file) {
        try {
            return fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()), file.toString());
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file + ": not a readable JSON model config");
        }
    }

    /** From a model JSON (flags object and/or diffusion block); unknown prediction types are refused by name. */
    static DiffusionConfig fromJson(JsonNode root, String source) {
        Builder b = new Builder();
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": model config must be a JSON object");
        }
        JsonNode flags = root.has("flags") ? root.get("flags") : root;
        flags.fields().forEachRemaining(e -> b.setIfKnown(e.getKey(), e.getValue().asText(), source));
        JsonNode diffusion = root.get("diffusion");
        if (diffusion != null && diffusion.isObject()) {
            diffusion.fields().forEachRemaining(e -> {
                switch (e.getKey()) {
                    case "steps" -> b.setIfKnown("diffusion_steps", e.getValue().asText(), source);
                    case "predict" -> b.predict(e.getValue().asText(), source);
                    case "noise_schedule", "rescale_timesteps" -> b.setIfKnown(e.getKey(), e.getValue().asText(), source);
                    default -> { } // learn_sigma belongs to the network's flags
                }
            });
        }
        return b.build();
    }

    /** Collects the diffusion flags; the network flags are {@link AdmConfig}'s. */
    static final class Builder {
        private int steps = 1000;
        private String schedule = "linear";
        private boolean predictXstart;
        private boolean rescaleTimesteps;

        Builder() {}

        Builder(DiffusionConfig c) {
            steps = c.steps;
            schedule = c.schedule;
            predictXstart = c.predictXstart;
            rescaleTimesteps = c.rescaleTimesteps;
        }

        static boolean isDiffusionFlag(String key) {
            return switch (key) {
                case "diffusion_steps", "noise_schedule", "predict_xstart", "rescale_timesteps" -> true;
                default -> false;
            };
        }

        /** Sets a diffusion flag; returns false for keys that are not one. */
        boolean setIfKnown(String key, String v, String source) {
            try {
                switch (key) {
                    case "diffusion_steps" -> steps = Integer.parseInt(v.trim());
                    case "noise_schedule" -> schedule = v.trim().toLowerCase(Locale.ROOT);
                    case "predict_xstart" -> predictXstart = bool(key, v, source);
                    case "rescale_timesteps" -> rescaleTimesteps = bool(key, v, source);
                    default -> {
                        return false;
                    }
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ": flag " + key + " must be an integer, got '" + v + "'");
            }
            return true;
        }

        void predict(String v, String source) {
            switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "epsilon", "eps" -> predictXstart = false;
                case "xstart", "x0", "start_x" -> predictXstart = true;
                default -> throw new InvalidInputException(source + ": the network predicts '" + v
                        + "', which Vireo does not support (epsilon or xstart)");
            }
        }

        private static boolean bool(String key, String v, String source) {
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0", "" -> false;
                default -> throw new InvalidInputException(source + ": flag " + key + " must be true or false, got '" + v + "'");
            };
        }

        DiffusionConfig build() {
            return new DiffusionConfig(steps, schedule, predictXstart, rescaleTimesteps);
        }
    }
}

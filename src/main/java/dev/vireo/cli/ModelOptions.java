package dev.vireo.cli;

import dev.vireo.model.AdmConfig;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a command names its diffusion model and flags (picocli mixin shared by model-using commands). */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME|PATH",
            description = "Bundled model (vireo-tiny, vireo-base) or a checkpoint file (.pt zip from torch.save, or .safetensors).")
    String model;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Model flags as JSON (guided-diffusion names; {\"flags\": {...}} or flat). Default for a file: the .json beside it.")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Named flag set when there is no JSON: adm-256-uncond, vireo-tiny, vireo-base.")
    String preset;

    @Option(names = "--flag", paramLabel = "KEY=VALUE",
            description = "Override one model flag, guided-diffusion names, repeatable, e.g. --flag num_channels=128"
                    + " --flag channel_mult=1,2,4 --flag attention_resolutions=16,8 (string = resolutions like the"
                    + " guided-diffusion scripts; attention_ds=2,4 gives downsample factors).")
    Map<String, String> flags = new LinkedHashMap<>();

    public String model() {
        return model;
    }

    public AdmUNet load() {
        return Models.load(requireModel(), config, preset, flags);
    }

    String requireModel() {
        if (model == null) {
            throw new dev.vireo.InvalidInputException("--model NAME|PATH is required");
        }
        return model;
    }

    /** Flags without a checkpoint: from --config or --preset (plus --flag). */
    AdmConfig flagsOnly() {
        AdmConfig base = config != null ? AdmConfig.fromJson(config) : AdmConfig.preset(preset);
        AdmConfig.Builder b = new AdmConfig.Builder(base);
        flags.forEach(b::set);
        return b.build();
    }
}

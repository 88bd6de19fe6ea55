package dev.vireo.model;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Hashing;
import dev.vireo.model.checkpoint.Checkpoint;
import dev.vireo.model.checkpoint.TensorInfo;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Finding, validating and loading ADM checkpoints.
 *
 * <p>{@code nameOrPath} is a bundled prior ({@code vireo-tiny}, {@code vireo-base}: classpath resources
 * {@code /models/NAME.pt} + {@code /models/NAME.json}) or a checkpoint file ({@code .pt} zip or
 * {@code .safetensors}). The flags of a file come from, in order: the config file given, a JSON with the
 * same base name beside the checkpoint ({@code foo.pt} → {@code foo.json}), or a preset name. Flag
 * overrides ({@code key=value}) are applied last.
 */
public final class Models {
    public static final List<String> BUNDLED = List.of("vireo-tiny", "vireo-base");

    private Models() {}

    /** Loads with flags from {@code configOrNull} or the JSON beside the checkpoint. */
    public static AdmUNet load(String nameOrPath, Path configOrNull) {
        return load(nameOrPath, configOrNull, null, Map.of());
    }

    /**
     * Loads a model, validating names and shapes against the flags before any weight is read.
     *
     * @param presetOrNull flags preset ({@link AdmConfig#PRESETS}) used when there is no config file
     * @param overrides flag overrides, guided-diffusion names ("num_channels" → "128")
     */
    public static AdmUNet load(String nameOrPath, Path configOrNull, String presetOrNull, Map<String, String> overrides) {
        Resolved r = resolve(nameOrPath, configOrNull, presetOrNull, overrides);
        try (Checkpoint ck = Checkpoint.open(r.checkpoint)) {
            Map<String, long[]> expected = AdmUNet.parameterShapes(r.config);
            StateDictCheck.check(r.config, expected, ck.tensors(), r.label);
            AdmUNet net;
            Torch.device();
            try (PointerScope scope = new PointerScope()) {
                net = new AdmUNet(r.config, (name, shape) -> {
                    Tensor t = ck.read(name);
                    return Torch.isCuda() ? t.to(Torch.device(), org.bytedeco.pytorch.global.torch.ScalarType.Float) : t;
                });
            }
            net.setSource(new AdmUNet.ModelSource(r.label, r.checkpoint));
            return net;
        }
    }

    /** The prior behind a model name or checkpoint: the network and its diffusion flags ({@link #load} for the arguments). */
    public static AdmPrior prior(String nameOrPath, Path configOrNull, String presetOrNull, Map<String, String> overrides) {
        Map<String, String> network = new java.util.LinkedHashMap<>();
        Map<String, String> diffusionFlags = new java.util.LinkedHashMap<>();
        overrides.forEach((k, v) -> (DiffusionConfig.Builder.isDiffusionFlag(k) ? diffusionFlags : network).put(k, v));
        AdmUNet net = load(nameOrPath, configOrNull, presetOrNull, network);
        return new AdmPrior(net, diffusion(nameOrPath, configOrNull, presetOrNull, diffusionFlags));
    }

    public static AdmPrior prior(String nameOrPath, Path configOrNull) {
        return prior(nameOrPath, configOrNull, null, Map.of());
    }

    /** The diffusion flags, found where {@link #resolve} finds the network's. */
    static DiffusionConfig diffusion(String nameOrPath, Path configOrNull, String presetOrNull, Map<String, String> overrides) {
        DiffusionConfig d;
        if (configOrNull != null) {
            d = DiffusionConfig.fromJson(configOrNull);
        } else if (BUNDLED.contains(nameOrPath)) {
            d = DiffusionConfig.preset(presetOrNull != null ? presetOrNull : nameOrPath);
        } else if (Files.isRegularFile(besideJson(Path.of(nameOrPath)))) {
            d = DiffusionConfig.fromJson(besideJson(Path.of(nameOrPath)));
        } else {
            d = presetOrNull != null ? DiffusionConfig.preset(presetOrNull) : DiffusionConfig.defaults();
        }
        if (overrides.isEmpty()) {
            return d;
        }
        DiffusionConfig.Builder b = new DiffusionConfig.Builder(d);
        overrides.forEach((k, v) -> b.setIfKnown(k, v, "--flag " + k));
        return b.build();
    }

    /** What a model would be, from the checkpoint header only (no weights read): for {@code vireo info}. */
    public record Description(String name, Path checkpoint, AdmConfig config, long parameterCount,
            Map<String, TensorInfo> tensors) {}

    public static Description describe(String nameOrPath, Path configOrNull, String presetOrNull,
            Map<String, String> overrides) {
        Resolved r = resolve(nameOrPath, configOrNull, presetOrNull, overrides);
        try (Checkpoint ck = Checkpoint.open(r.checkpoint)) {
            Map<String, long[]> expected = AdmUNet.parameterShapes(r.config);
            StateDictCheck.check(r.config, expected, ck.tensors(), r.label);
            return new Description(r.label, r.checkpoint, r.config, AdmUNet.countParameters(expected), ck.tensors());
        }
    }

    /** Flags for a model name or checkpoint path, resolved as {@link #load} would. */
    public static AdmConfig config(String nameOrPath, Path configOrNull, String presetOrNull, Map<String, String> overrides) {
        return resolve(nameOrPath, configOrNull, presetOrNull, overrides).config;
    }

    private record Resolved(String label, Path checkpoint, AdmConfig config, boolean bundled) {}

    private static Resolved resolve(String nameOrPath, Path configOrNull, String presetOrNull, Map<String, String> overrides) {
        boolean bundled = BUNDLED.contains(nameOrPath);
        Path ck;
        AdmConfig cfg;
        if (bundled) {
            ck = bundledFile(nameOrPath);
            cfg = configOrNull != null ? AdmConfig.fromJson(configOrNull)
                    : presetOrNull != null ? AdmConfig.preset(presetOrNull) : AdmConfig.preset(nameOrPath);
        } else {
            ck = Path.of(nameOrPath);
            if (!Files.exists(ck)) {
                throw new InvalidInputException(nameOrPath + ": no such checkpoint file and not a bundled model ("
                        + String.join(", ", BUNDLED) + ")");
            }
            Path beside = besideJson(ck);
            if (configOrNull != null) {
                cfg = AdmConfig.fromJson(configOrNull);
            } else if (Files.isRegularFile(beside)) {
                cfg = AdmConfig.fromJson(beside);
            } else if (presetOrNull != null) {
                cfg = AdmConfig.preset(presetOrNull);
            } else {
                throw new InvalidInputException(nameOrPath + ": no model flags: give --config FILE, put "
                        + beside.getFileName() + " beside the checkpoint, or name a --preset ("
                        + String.join(", ", AdmConfig.PRESETS) + ")");
            }
        }
        if (!overrides.isEmpty()) {
            AdmConfig.Builder b = new AdmConfig.Builder(cfg);
            overrides.forEach(b::set);
            cfg = b.build();
        }
        return new Resolved(bundled ? nameOrPath : ck.toString(), ck, cfg, bundled);
    }

    static Path besideJson(Path ck) {
        String name = ck.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return ck.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** The bundled checkpoint as a file (copied out of the jar to a temp file when needed). */
    private static Path bundledFile(String name) {
        URL url = Models.class.getResource("/models/" + name + ".pt");
        if (url == null) {
            throw new IllegalStateException("bundled /models/" + name + ".pt missing from the classpath");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path tmp = Files.createTempFile("vireo-" + name, ".pt");
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read bundled model " + name, e);
        }
    }

    /** SHA-256 of a file, hex (streams the file; about 1 s per GB). */
    public static String sha256(Path file) {
        return Hashing.sha256(file);
    }
}

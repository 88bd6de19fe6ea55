package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import dev.vireo.model.AdmConfig;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.MemoryEstimate;
import dev.vireo.model.Models;
import dev.vireo.tensor.Precision;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Print a diffusion model's flags, parameter count, checkpoint SHA-256 and a memory estimate.",
            "Only the checkpoint header is read (no weights are loaded); names and shapes are checked against the flags."},
        footer = {"", "Examples:",
            "  vireo info --model vireo-tiny --size 64 --batch 16",
            "  vireo info --model 256x256_diffusion_uncond.pt --preset adm-256-uncond --size 256 --precision bf16",
            "  vireo info --preset adm-256-uncond        (architecture only, no checkpoint)"})
public final class InfoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--size", paramLabel = "S|HxW", description = "Frame size for the memory estimate (default: the model's image_size).")
    String size;

    @Option(names = "--batch", description = "Frames per forward pass for the memory estimate (default ${DEFAULT-VALUE}).", defaultValue = "1")
    int batch;

    @Option(names = "--precision", description = "auto, fp32 or bf16 (default ${DEFAULT-VALUE}: what restore would run).", defaultValue = "auto")
    String precision;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Precision.Choice choice = Precision.choose(precision);
        Precision p = choice.precision();
        AdmConfig cfg;
        long params;
        if (modelOptions.model() != null) {
            Models.Description d = Models.describe(modelOptions.model(), modelOptions.config, modelOptions.preset, modelOptions.flags);
            cfg = d.config();
            params = d.parameterCount();
            out.println("model: " + d.name());
            out.println("checkpoint: " + d.checkpoint());
            out.println("sha256: " + Models.sha256(d.checkpoint()));
            out.println("tensors: " + d.tensors().size());
        } else if (modelOptions.preset != null || modelOptions.config != null) {
            cfg = modelOptions.flagsOnly();
            params = AdmUNet.parameterCount(cfg);
            out.println("model: (flags only, no checkpoint)");
        } else {
            throw new InvalidInputException("give --model NAME|PATH, or --preset/--config for the architecture only");
        }
        out.println("flags:");
        for (Map.Entry<String, Object> e : cfg.toMap().entrySet()) {
            out.println("  " + e.getKey() + ": " + e.getValue());
        }
        out.printf(Locale.ROOT, "parameters: %,d%n", params);
        out.println("device: " + (dev.vireo.tensor.Torch.isCuda() ? "cuda" : "cpu")
                + (dev.vireo.tensor.Torch.isGpuBuild() ? " (GPU build)" : " (CPU build)"));
        out.println("precision: " + choice.label() + " (" + choice.reason() + ")");
        out.println("host allocator: " + dev.vireo.tensor.HostAllocator.summary());
        int[] hw = parseSize(size, cfg);
        if (batch < 1) {
            throw new InvalidInputException("--batch must be at least 1");
        }
        MemoryEstimate m = MemoryEstimate.of(cfg, hw[0], hw[1], p);
        out.printf(Locale.ROOT, "memory estimate (%s, %dx%d, batch %d): weights %s + activations %s per frame = %s%n",
                p.label(), hw[0], hw[1], batch, mib(m.weightBytes()),
                mib(m.activationBytesPerFrame()), mib(m.totalBytes(batch)));
        return 0;
    }

    static int[] parseSize(String s, AdmConfig cfg) {
        int h;
        int w;
        try {
            if (s == null) {
                h = w = cfg.imageSize();
            } else if (s.toLowerCase(Locale.ROOT).contains("x")) {
                String[] p = s.toLowerCase(Locale.ROOT).split("x");
                h = Integer.parseInt(p[0].trim());
                w = Integer.parseInt(p[1].trim());
            } else {
                h = w = Integer.parseInt(s.trim());
            }
        } catch (RuntimeException e) {
            throw new InvalidInputException("--size " + s + ": expected S or HxW, e.g. 64 or 48x80");
        }
        int m = cfg.sizeMultiple();
        if (h <= 0 || w <= 0 || h % m != 0 || w % m != 0) {
            throw new InvalidInputException("--size " + h + "x" + w + ": both sides must be positive multiples of " + m);
        }
        return new int[] {h, w};
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}

package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import dev.vireo.model.AdmConfig;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import dev.vireo.train.TrainOptions;
import dev.vireo.train.Trainer;
import dev.vireo.train.TrainingData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train or fine-tune a diffusion prior (ε-prediction, linear schedule, T = 1000) on your own stills",
            "and footage. Writes the EMA weights (guided-diffusion key names) and NAME.json flags, so restore, info and",
            "forward load it by path; beside it NAME.train.json (run record), NAME.loss.png, NAME.samples.png and",
            "NAME.train-state (for --resume)."},
        footer = {"", "Examples:",
            "  vireo train --data clip.mp4 --every 2 --init vireo-tiny --steps 500 --output my-prior.pt",
            "  vireo train --data stills/ --preset vireo-tiny --steps 20000 --batch 16 --lr 2e-4 --output new.pt",
            "  vireo train ... --resume            (continue from the last checkpoint of the same run)"})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "DIR|VIDEO",
            description = "Folders of stills (.png .jpg) and/or videos; repeatable.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--every", defaultValue = "1", description = "Keep every N-th frame of videos. Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--frames", defaultValue = "-1", description = "Frames read from the start of each video (-1 = all). Default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--geometry", defaultValue = "none",
            description = "Applied to each image before cropping: none, square:S, resize:WxH, crop:WxH. Default: ${DEFAULT-VALUE}.")
    String geometry;

    @Option(names = "--output", required = true, paramLabel = "PRIOR.pt", description = "The prior to write (.pt or .safetensors).")
    Path output;

    @Option(names = "--init", paramLabel = "NAME|CHECKPOINT",
            description = "Start from a bundled prior (vireo-tiny, vireo-base) or a checkpoint; omit to train a new network from --preset/--config.")
    String init;

    @Option(names = "--config", paramLabel = "FILE", description = "Model flags JSON (for --init CHECKPOINT, or a new network).")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME", description = "Flags preset for a new network: adm-256-uncond, vireo-tiny, vireo-base.")
    String preset;

    @Option(names = "--flag", paramLabel = "KEY=VALUE", description = "Override one model flag (repeatable), e.g. --flag image_size=32.")
    Map<String, String> flags = new LinkedHashMap<>();

    @Option(names = "--steps", defaultValue = "1000", description = "Optimizer steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "8", description = "Crops per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-4", description = "AdamW learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the saved weights. Default: ${DEFAULT-VALUE}.")
    double ema;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of crops, flips, timesteps, noise and new weights. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Write state and prior every M steps (0 = at the end only). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from NAME.train-state (same data and settings; --steps may grow).")
    boolean resume;

    @Option(names = "--precision", defaultValue = "auto",
            description = "fp32, bf16 (autocast, fp32 master weights) or auto (bf16 where the CPU has avx512_bf16/AMX, or on CUDA). Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = libtorch default).")
    int threads;

    @Option(names = "--samples", defaultValue = "8", description = "Unconditional samples in NAME.samples.png at the end (0 = none). Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--sample-steps", defaultValue = "25", description = "DDIM steps of those samples. Default: ${DEFAULT-VALUE}.")
    int sampleSteps;

    @Option(names = "--log-every", defaultValue = "10", description = "Progress line every N steps. Default: ${DEFAULT-VALUE}.")
    int logEvery;

    @Option(names = "--time-limit", defaultValue = "0", paramLabel = "MINUTES",
            description = "Stop after this many minutes of training and write everything (0 = no limit; --resume continues).")
    double timeLimit;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TrainOptions opt = new TrainOptions(output, steps, batch, lr, weightDecay, ema, seed, checkpointEvery,
                resolvePrecision(precision), threads, samples, sampleSteps, resume, logEvery, timeLimit);
        if (init == null && config == null && preset == null) {
            throw new InvalidInputException("give --init NAME|CHECKPOINT to fine-tune, or --preset/--config for a new network");
        }
        Torch.setThreads(threads);
        Torch.device();
        AdmConfig cfg = init != null ? Models.config(init, config, preset, flags) : flagsOnly();
        TrainingData d = TrainingData.load(data, every, frames, geometry, cfg.imageSize());
        AdmUNet net = init != null ? Models.load(init, config, preset, flags) : Trainer.initialise(cfg, seed);
        String label = init != null ? init : "new " + (preset != null ? preset : config.toString());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("data", data.stream().map(Path::toString).toList());
        record.put("every", every);
        record.put("frames", frames);
        record.put("geometry", geometry);
        record.put("init", init);
        record.put("config", config == null ? null : config.toString());
        record.put("preset", preset);
        record.put("flag", flags);
        record.put("steps", steps);
        record.put("batch", batch);
        record.put("lr", lr);
        record.put("weight_decay", weightDecay);
        record.put("ema", ema);
        record.put("seed", seed);
        record.put("checkpoint_every", checkpointEvery);
        record.put("precision", opt.precision().name());
        record.put("resume", resume);
        record.put("time_limit_minutes", timeLimit);
        Trainer t = new Trainer(net, label, d, opt, record);
        PrintWriter out = spec.commandLine().getOut();
        if (resume) {
            t.resume();
            out.println("resumed at step " + t.step());
        } else if (Files.exists(opt.beside(".train-state"))) {
            throw new InvalidInputException(opt.beside(".train-state") + " exists from an earlier run: add --resume to"
                    + " continue it, or delete it to start over");
        }
        out.printf(Locale.ROOT, "training %s (%,d parameters) on %d images from %d sources: %d steps of %d crops %dx%d, %s, %d threads%n",
                label, net.parameterCount(), d.size(), d.sources().size(), steps, batch, cfg.imageSize(), cfg.imageSize(),
                opt.precision() == Precision.BFLOAT16 ? "bf16 autocast" : "fp32", Torch.threads());
        out.flush();
        t.run(out);
        out.println("wrote " + output + ", " + opt.beside(".json").getFileName() + ", " + opt.beside(".train.json").getFileName()
                + ", " + opt.beside(".loss.png").getFileName() + (samples > 0 ? ", " + opt.beside(".samples.png").getFileName() : ""));
        return 0;
    }

    private AdmConfig flagsOnly() {
        AdmConfig base = config != null ? AdmConfig.fromJson(config) : AdmConfig.preset(preset);
        AdmConfig.Builder b = new AdmConfig.Builder(base);
        flags.forEach(b::set);
        return b.build();
    }

    /** bf16 where it is fast: CUDA, or a CPU with native bf16 dot products (avx512_bf16 or AMX). */
    static Precision resolvePrecision(String s) {
        if (!s.equalsIgnoreCase("auto")) {
            return Precision.parse(s);
        }
        if (Torch.isCuda()) {
            return Precision.BFLOAT16;
        }
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            return flags.contains("avx512_bf16") || flags.contains("amx_bf16") ? Precision.BFLOAT16 : Precision.FLOAT32;
        } catch (IOException | RuntimeException e) {
            return Precision.FLOAT32;
        }
    }
}

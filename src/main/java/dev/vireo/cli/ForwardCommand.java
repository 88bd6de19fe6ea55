package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Npy;
import dev.vireo.model.AdmUNet;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Run the diffusion network once and write its raw output (all channels, float32 .npy).",
            "x is [N, C, H, W] in the model domain ([-1, 1]); t holds N raw timesteps (or one for all frames);",
            "H and W must be multiples of 2^(levels-1)."},
        footer = {"", "Examples:",
            "  vireo forward --model vireo-tiny --input x.npy --t t.npy --output eps.npy",
            "  vireo forward --model adm-variant.pt --config adm-variant.json --input x.npy --t t.npy \\",
            "      --output out.npy --precision bf16 --threads 2"})
public final class ForwardCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Noisy images [N, C, H, W].")
    Path input;

    @Option(names = "--t", required = true, paramLabel = "T.npy", description = "Timesteps [N] (or [1]), raw steps 0..999.")
    Path timesteps;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "Class labels [N] for class-conditional models.")
    Path labels;

    @Option(names = "--output", required = true, paramLabel = "OUT.npy", description = "Where to write the output [N, out_channels, H, W].")
    Path output;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or bf16 (default ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = libtorch default).")
    int threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        dev.vireo.io.InputGuards.refuseOverwrite(output, input, timesteps, labels);
        Precision p = Precision.parse(precision);
        Torch.checkThreads(threads);
        Npy.Array x = read(input, "--input");
        Npy.Array t = read(timesteps, "--t");
        Npy.Array y = labels == null ? null : read(labels, "--labels");
        if (x.dim() != 4) {
            throw new InvalidInputException("--input must be [N, C, H, W], got shape " + Arrays.toString(x.shape()));
        }
        if (t.data().length != x.shape()[0] && t.data().length != 1) {
            throw new InvalidInputException("--t holds " + t.data().length + " timesteps for " + x.shape()[0] + " images");
        }
        Torch.setThreads(threads);
        Torch.device();
        AdmUNet net = modelOptions.load();
        net.setPrecision(p);
        long start = System.nanoTime();
        float[] out;
        long[] shape;
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor tx = Tensors.fromFloats(x.data(), x.shape());
            Tensor tt = Tensors.fromFloats(t.data(), t.data().length);
            Tensor ty = y == null ? null : Tensors.fromFloats(y.data(), y.data().length);
            Tensor o = net.forward(tx, tt, ty);
            out = Tensors.toFloats(o);
            shape = Tensors.shape(o);
        }
        Npy.write(output, out, shape);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "wrote %s %s (%s, %.2f s)%n", output, Arrays.toString(shape),
                p == Precision.BFLOAT16 ? "bf16" : "fp32", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static Npy.Array read(Path path, String option) {
        Npy.Array a;
        try {
            a = Npy.read(path);
        } catch (IOException e) {
            throw new InvalidInputException(option + ": " + e.getMessage());
        }
        Npy.requireFinite(a.data(), a.shape(), option + " " + path);
        return a;
    }
}

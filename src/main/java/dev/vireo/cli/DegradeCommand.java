package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Npy;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.operators.MeasurementNoise;
import dev.vireo.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vireo degrade}: y = A(x) + σ_y·n for a clip x and a degradation spec (docs/operators.md). */
@Command(
        name = "degrade",
        mixinStandardHelpOptions = true,
        description = "Apply a degradation (and optional Gaussian noise) to a clip and write the measurement.")
public final class DegradeCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "CLIP.npy",
            description = "Clip as float32 .npy [N,3,H,W] in [0,1].")
    Path input;

    @Option(names = "--degradation", required = true, paramLabel = "SPEC",
            description = "Operators in order, e.g. temporal:uniform:7,blur:gaussian:2.0:61,down:4")
    String degradation;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA",
            description = "Std of additive Gaussian noise on the measurement (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the measurement noise (default ${DEFAULT-VALUE}); mask seeds go in the spec.")
    long seed;

    @Option(names = "--output", required = true, paramLabel = "OUT.npy", description = "Measurement, float32 .npy.")
    Path output;

    @Override
    public Integer call() {
        Npy.Array clip = readClip(input);
        MeasurementNoise n = new MeasurementNoise(noise, seed);
        LinearOperator a = Degradations.parse(degradation, clip.shape());
        writeMeasurement(output, measure(a, clip, n));
        return Main.OK;
    }

    /** The clip to degrade; the one place a video reader plugs in. */
    static Npy.Array readClip(Path path) {
        Npy.Array a;
        try {
            a = Npy.read(path);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read clip " + path + ": " + e.getMessage(), e);
        }
        if (a.dim() != 4) {
            throw new InvalidInputException("clip " + path + " must be [frames, channels, height, width], got shape "
                    + Arrays.toString(a.shape()));
        }
        for (float v : a.data()) {
            if (!(v >= 0f && v <= 1f)) {
                throw new InvalidInputException("clip " + path + " holds " + v + "; values must lie in [0, 1]");
            }
        }
        return a;
    }

    /** y = A(x) + noise, computed on the compute device. */
    public static Npy.Array measure(LinearOperator a, Npy.Array clip, MeasurementNoise noise) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor y = a.apply(Tensors.fromFloats(clip.data(), clip.shape()));
            return new Npy.Array(noise.addTo(Tensors.toFloats(y)), Tensors.shape(y));
        }
    }

    /** Writes the measurement; other output formats (PNG folder, video) go here. */
    static void writeMeasurement(Path path, Npy.Array y) {
        try {
            Npy.write(path, y.data(), y.shape());
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}

package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.job.Restoration;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vireo degrade}: y = A(x) + σ_y·n for a clip x and a degradation spec (docs/operators.md). */
@Command(
        name = "degrade",
        mixinStandardHelpOptions = true,
        description = "Apply a degradation (and optional Gaussian noise) to a clip and write the measurement.",
        footer = {"", "Examples:", "  vireo degrade --input clip.mp4 --degradation temporal:uniform:7,down:4 --output y.npy",
                "  vireo degrade --input clip.npy --degradation blur:gaussian:2.0:13 --noise 0.02 --seed 1 --output blurred.mp4",
                "A .npy output is exact float32 (what `restore` should get); a video or PNG folder is clamped and 8-bit, for viewing."})
public final class DegradeCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "CLIP.npy",
            description = "Clip: any video the reader takes, a PNG/JPEG folder, or float32 .npy [N,3,H,W] in [0,1].")
    Path input;

    @Option(names = "--degradation", required = true, paramLabel = "SPEC",
            description = "Operators in order, e.g. temporal:uniform:7,blur:gaussian:2.0:61,down:4")
    String degradation;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA",
            description = "Std of additive Gaussian noise on the measurement (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Run seed of the measurement noise, drawn as restore --simulate draws it for the first window "
                    + "(default ${DEFAULT-VALUE}); mask seeds go in the spec.")
    long seed;

    @Option(names = "--output", required = true, paramLabel = "OUT", description = "Measurement: .npy (float32, exact), or a video / PNG folder for viewing.")
    Path output;

    @Override
    public Integer call() {
        dev.vireo.io.InputGuards.refuseOverwrite(output, input);
        Npy.Array clip = readClip(input);
        LinearOperator a = Degradations.parse(degradation, clip.shape());
        Clip y = Restoration.measure(a, Clip.of(clip.data(), clip.shape(), 25), noise, seed, 0);
        writeMeasurement(output, new Npy.Array(y.data(), y.shape()));
        return Main.OK;
    }

    /** The clip to degrade: .npy as stored, anything else through the video reader. */
    static Npy.Array readClip(Path path) {
        if (!path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
            dev.vireo.io.Clip c = dev.vireo.io.video.Videos.read(path, dev.vireo.io.video.ReadOptions.defaults());
            return new Npy.Array(c.data(), c.shape());
        }
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

    /** Writes the measurement: exact .npy, or a viewable video / PNG folder (clamped, grey shown as RGB). */
    static void writeMeasurement(Path path, Npy.Array y) {
        if (!path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
            dev.vireo.io.Clip c = dev.vireo.io.Clip.of(y.data(), y.shape(), 25);
            dev.vireo.io.video.Videos.write(path, c.channels() == 1 ? dev.vireo.report.Panels.sideBySide(java.util.List.of(c)) : c,
                    dev.vireo.io.video.WriteOptions.defaults());
            return;
        }
        try {
            Npy.write(path, y.data(), y.shape());
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}

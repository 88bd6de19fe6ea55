package dev.vireo.train;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Precision;
import java.nio.file.Path;

/**
 * Settings of one training run, validated on construction.
 *
 * @param output the prior to write (.pt or .safetensors); its flag JSON, run record, loss curve, sample
 *     grid and resumable state go beside it ({@code NAME.json}, {@code NAME.train.json},
 *     {@code NAME.loss.png}, {@code NAME.samples.png}, {@code NAME.train-state})
 * @param steps total optimizer steps (a resumed run continues to this count)
 * @param checkpointEvery write the state and the prior every this many steps (0: only at the end)
 * @param ema EMA decay of the saved weights
 * @param precision FLOAT32, or BFLOAT16 for bf16 autocast of convolutions/linears/matmuls (fp32 master weights)
 * @param samples unconditional samples in the grid at the end (0: none)
 * @param timeLimitMinutes stop (and write everything) after this much training time in this process; 0: none
 */
public record TrainOptions(Path output, int steps, int batch, double lr, double weightDecay, double ema, long seed,
        int checkpointEvery, Precision precision, int threads, int samples, int sampleSteps, boolean resume,
        int logEvery, double timeLimitMinutes) {
    public TrainOptions {
        String name = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!(name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".safetensors"))) {
            throw new InvalidInputException("--output " + output + ": name the prior .pt or .safetensors");
        }
        check(steps >= 1, "--steps must be at least 1");
        check(batch >= 1, "--batch must be at least 1");
        check(lr > 0 && Double.isFinite(lr), "--lr must be positive");
        check(weightDecay >= 0, "--weight-decay must be 0 or positive");
        check(ema >= 0 && ema < 1, "--ema must be in [0, 1)");
        check(checkpointEvery >= 0, "--checkpoint-every must be 0 or positive");
        check(threads >= 0, "--threads must be 0 or positive");
        check(samples >= 0 && samples <= 64, "--samples must be in 0..64");
        check(sampleSteps >= 1, "--sample-steps must be at least 1");
        check(logEvery >= 1, "--log-every must be at least 1");
        check(timeLimitMinutes >= 0, "--time-limit must be 0 or positive");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** A file beside the output: {@code my-prior.pt} → {@code my-prior<suffix>}. */
    public Path beside(String suffix) {
        String n = output.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return output.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + suffix);
    }
}

package dev.vireo.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Exponential moving average of the weights, ema ← d·ema + (1 − d)·w after each step, with the warm-up
 * d = min(decay, (1 + step)/(10 + step)) so that a short fine-tune is not dominated by its starting point.
 */
public final class Ema {
    private final double decay;
    private final Map<String, Tensor> shadow = new LinkedHashMap<>();

    /** Starts at a detached copy of {@code weights}. */
    public Ema(Map<String, Tensor> weights, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new dev.vireo.InvalidInputException("--ema must be in [0, 1), got " + decay);
        }
        this.decay = decay;
        try (NoGradGuard g = new NoGradGuard()) {
            weights.forEach((k, w) -> {
                Tensor c = w.detach().clone();
                c.retainReference();
                shadow.put(k, c);
            });
        }
    }

    public double decay() {
        return decay;
    }

    /** The decay used after optimizer step {@code step} (1-based). */
    public double decayAt(long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    public void update(Map<String, Tensor> weights, long step) {
        double d = decayAt(step);
        try (NoGradGuard g = new NoGradGuard()) {
            weights.forEach((k, w) -> shadow.get(k).mul_(new Scalar(d)).add_(w.detach(), new Scalar(1.0 - d)));
        }
    }

    /** The averaged weights (live tensors, same names and order as the network's). */
    public Map<String, Tensor> weights() {
        return Collections.unmodifiableMap(shadow);
    }
}

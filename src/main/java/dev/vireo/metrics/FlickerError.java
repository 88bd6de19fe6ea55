package dev.vireo.metrics;

import org.bytedeco.pytorch.Tensor;

/**
 * Flicker (temporal consistency) error: for each transition t → t+1 the mean over all pixels and
 * channels of {@code |(x[t+1] − x[t]) − (g[t+1] − g[t])|}, x the estimate and g the reference. It is 0
 * whenever the estimate changes from frame to frame exactly as the reference does, so a constant offset
 * of the whole clip costs nothing while a single perturbed frame does. The clip value is the mean over
 * all transitions and pixels (transitions have equal size, so this is the mean of the per-transition
 * values); a single-frame clip has no transitions and a clip value of NaN. Lower is better.
 */
public final class FlickerError extends BuiltInMetric {
    public FlickerError() {
        super("flicker", false, Granularity.TRANSITION);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        double[] values = FrameOps.perTransition(estimate, reference, e -> e.abs().mean().item_double());
        return new Score(values, FrameOps.mean(values));
    }
}

package dev.vireo.solvers;

import org.bytedeco.pytorch.Tensor;

/**
 * A method for y = A x + w. Every method has this one signature; its settings live in its immutable
 * options object.
 */
public interface Solver {
    /** The registry name ({@link Solvers}). */
    String name();

    /** Whether {@link Problem#model()} must be set. */
    boolean needsModel();

    /**
     * The restored clip [N, C, H, W] on the compute device, float32, in the clip domain [0, 1] (the model's
     * [−1, 1] result is clamped and mapped; prior-free results are clamped to [0, 1]).
     */
    Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress);

    /** The noise this method is defined with, for a seed (batch-consistent for svi, per frame for its ablation and dps). */
    default NoiseSource defaultNoise(long seed) {
        return NoiseSources.shared(seed);
    }
}

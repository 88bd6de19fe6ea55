package dev.vireo.solvers;

import org.bytedeco.pytorch.Tensor;

/**
 * A method for y = A x + w. Every method has this one signature; its settings live in its immutable
 * options record, declared in its {@link OptionTable} ({@link Solvers}).
 */
public interface Solver {
    /** The registry name ({@link Solvers}). */
    String name();

    /** The immutable options record it runs with ({@link Solvers#describe} lists it by option name). */
    Object options();

    /** Whether {@link Problem#prior()} must be set. */
    boolean needsPrior();

    /** Whether this run reads {@link Problem#start()} (then it must be set). */
    default boolean usesStart() {
        return false;
    }

    /**
     * The restored clip [N, C, H, W] on the compute device, float32, in the clip domain [0, 1] (the model's
     * [−1, 1] result is clamped and mapped; prior-free results are clamped to [0, 1]). The result's reference
     * is kept past the caller's scopes (see {@link dev.vireo.tensor.Carry#take}).
     */
    Tensor solve(Problem problem, NoiseSource noise, ProgressListener progress);

    /** The noise this method is defined with, for a seed (batch-consistent for svi, per frame for its ablation and dps). */
    default NoiseSource defaultNoise(long seed) {
        return NoiseSources.shared(seed);
    }
}

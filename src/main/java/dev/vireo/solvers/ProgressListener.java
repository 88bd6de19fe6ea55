package dev.vireo.solvers;

import org.bytedeco.pytorch.Tensor;

/** Receives progress from a solver. Called on the solver's thread; keep it quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (step, total) -> {};

    /** Step {@code step} (0-based) of {@code total} is done. */
    void onStep(int step, int total);

    /**
     * Intermediate estimates of a diffusion step at timestep {@code t}, before {@link #onStep}: the Tweedie
     * estimate x̂₀ (model domain [−1, 1] scale, clipped if the method clips) and the data-consistent estimate
     * x̄ (same scale), both [N, C, H, W]. The tensors are valid only during the call (copy them, e.g. with
     * Tensors.toFloats, to keep them). Prior-free methods do not call it.
     */
    default void onEstimates(int step, int t, Tensor tweedie, Tensor refined) {}
}

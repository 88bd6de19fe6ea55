package dev.vireo.solvers;

import dev.vireo.InvalidInputException;

/**
 * A rough peak-memory estimate of an svi run on the compute device. Weights plus the activations of one
 * network call (micro-batch frames times a per-frame activation estimate the model's author supplies)
 * plus the solver's clip-sized float32 tensors alive at once during a step (x_t, the network output with
 * its variance channels counted twice, x̂₀ and its [0, 1] copy, Aᵀy, the CG state x, r, p, q, x̄, the
 * next x_t and the noise image), counted generously as {@value #CLIP_TENSORS} clips.
 */
public final class MemoryEstimate {
    static final int CLIP_TENSORS = 14;

    private MemoryEstimate() {}

    /**
     * @param clipShape               [N, C, H, W]
     * @param parameterCount          network parameters
     * @param bytesPerParameter       4 for float32 weights, 2 for bf16/fp16
     * @param activationBytesPerFrame peak activation memory of one frame in one forward pass
     * @param microBatch              frames per network call, 0 = all frames
     */
    public static long peakBytes(long[] clipShape, long parameterCount, int bytesPerParameter,
            long activationBytesPerFrame, int microBatch) {
        if (clipShape.length != 4 || parameterCount < 0 || bytesPerParameter < 1 || activationBytesPerFrame < 0 || microBatch < 0) {
            throw new InvalidInputException("memory estimate needs a 4-D clip shape and non-negative sizes");
        }
        long frames = clipShape[0];
        long batch = microBatch == 0 ? frames : Math.min(microBatch, frames);
        long clipBytes = 4L * frames * clipShape[1] * clipShape[2] * clipShape[3];
        return parameterCount * bytesPerParameter + batch * activationBytesPerFrame + CLIP_TENSORS * clipBytes;
    }

    /**
     * The largest micro-batch whose estimate fits {@code budgetBytes}, or 0 if all frames fit at once; −1 if
     * not even one frame fits.
     */
    public static int largestMicroBatch(long[] clipShape, long parameterCount, int bytesPerParameter,
            long activationBytesPerFrame, long budgetBytes) {
        if (peakBytes(clipShape, parameterCount, bytesPerParameter, activationBytesPerFrame, 0) <= budgetBytes) {
            return 0;
        }
        for (int b = (int) clipShape[0] - 1; b >= 1; b--) {
            if (peakBytes(clipShape, parameterCount, bytesPerParameter, activationBytesPerFrame, b) <= budgetBytes) {
                return b;
            }
        }
        return -1;
    }
}

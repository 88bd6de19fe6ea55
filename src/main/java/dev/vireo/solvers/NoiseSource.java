package dev.vireo.solvers;

import org.bytedeco.pytorch.Tensor;

/**
 * Where a sampler's randomness comes from. Both methods return a standard normal tensor of the full clip
 * shape [N, C, H, W] (possibly a broadcast view); {@code step(i, …)} is the fresh noise of reverse step i
 * (0-based). The same source and arguments always give the same values, so a run is reproducible.
 */
public interface NoiseSource {
    Tensor initial(long[] clipShape);

    Tensor step(int i, long[] clipShape);
}

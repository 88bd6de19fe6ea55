package dev.vireo.model;

import org.bytedeco.pytorch.Tensor;

/**
 * An image diffusion network seen from a solver: a batch of noisy images in, the network's raw output
 * out. Frames of a clip are simply the batch.
 */
public interface DiffusionModel {
    /**
     * Raw network output for {@code x} [N, C, H, W] (model domain, [-1, 1] scale) at timesteps {@code t}
     * [N] (raw integer steps 0..999 as float32). All output channels (6 for learn_sigma models).
     */
    Tensor forward(Tensor x, Tensor t);

    /** The noise prediction: the first {@link #inChannels()} output channels. */
    default Tensor epsilon(Tensor x, Tensor t) {
        return forward(x, t).narrow(1, 0, inChannels());
    }

    int inChannels();

    /** Spatial sizes must be multiples of this (2^(levels-1)). */
    int sizeMultiple();

    /** Number of trainable parameters, for reports. */
    long parameterCount();
}

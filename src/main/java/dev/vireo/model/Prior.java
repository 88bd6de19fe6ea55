package dev.vireo.model;

import dev.vireo.schedule.NoiseSchedule;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * What a solver needs of a diffusion prior: the noise prediction at a training timestep of the prior's own
 * schedule, its geometry, its memory footprint and where it came from. Frames of a clip are the batch.
 * {@link AdmPrior} is the ADM UNet; tiling, devices and trained priors are other implementations or
 * wrappers of this one interface, so the solvers never see a concrete network.
 */
public interface Prior {
    /**
     * ε̂ for {@code x} [N, C, H, W] (model domain, [−1, 1] scale) at training timestep {@code t} of
     * {@link #schedule()}, the same t for every frame. Gradients flow when autograd is on (dps needs them).
     */
    Tensor epsilon(Tensor x, int t);

    /** The β schedule the prior was trained with (from its checkpoint's flags). */
    NoiseSchedule schedule();

    /** Image channels in and out. */
    int channels();

    /** Spatial sizes must be multiples of this. */
    int sizeMultiple();

    /** The square size the prior was trained at (the natural tile size). */
    int trainingSize();

    long parameterCount();

    /** Bytes of the weights as they are held for inference. */
    long weightBytes();

    /** Working memory of one {@link #epsilon} call per frame of {@code height}×{@code width}, bytes. */
    long activationBytesPerFrame(int height, int width);

    /** Name, checkpoint hash, flags and precision, for run records. */
    Map<String, Object> provenance();
}

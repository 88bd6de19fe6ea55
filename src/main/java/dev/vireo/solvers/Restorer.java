package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.model.DiffusionModel;
import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The library entry point: plain {@link Clip}s in and out. A measurement clip holds y (its frames,
 * channels and sizes are A's output shape, values as A produces them); the restored clip has the size
 * the caller asks for, in [0, 1], with the measurement's frame rate.
 */
public final class Restorer {
    private final DiffusionModel model;
    private final LinearOperator operator;
    private final Solver solver;

    /** {@code model} may be null for methods that need none ({@link Solver#needsModel()}). */
    public Restorer(DiffusionModel model, LinearOperator operator, Solver solver) {
        if (solver.needsModel() && model == null) {
            throw new InvalidInputException("method " + solver.name() + " needs a diffusion model");
        }
        this.model = model;
        this.operator = operator;
        this.solver = solver;
        Steps.initDevice();
    }

    /** y = A x for a clean clip (e.g. to simulate a degradation). */
    public Clip measure(Clip clean) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor y = operator.apply(Tensors.fromFloats(clean.data(), clean.shape()));
            return Clip.of(Tensors.toFloats(y), Tensors.shape(y), clean.fps());
        }
    }

    /**
     * Restores an RGB clip of {@code frames} × {@code height} × {@code width} (the prior's channels)
     * from {@code measurement} with noise level {@code sigmaY}; {@code seed} fixes the method's default
     * noise.
     */
    public Clip restore(Clip measurement, int frames, int height, int width, double sigmaY, long seed,
            ProgressListener progress) {
        // Clips are RGB (or whatever the prior takes), even when the measurement is grey.
        long[] shape = {frames, model != null ? model.inChannels() : 3, height, width};
        try (PointerScope scope = new PointerScope()) {
            Tensor y = Tensors.fromFloats(measurement.data(), measurement.shape());
            Problem p = new Problem(y, operator, shape, sigmaY, model);
            Tensor x = solver.solve(p, solver.defaultNoise(seed), progress);
            return Clip.of(Tensors.toFloats(x), shape, measurement.fps());
        }
    }
}

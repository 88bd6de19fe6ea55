package dev.vireo.job;

import dev.vireo.io.Clip;
import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solver;

/**
 * The library entry point: plain {@link Clip}s in and out, one operator, one method. A measurement clip holds
 * y (its frames, channels and sizes are A's output shape, values as A produces them); the restored clip has
 * the size the caller asks for, in [0, 1], with the measurement's frame rate. A thin face of
 * {@link Restoration}, so library results equal the CLI's for the same seed.
 */
public final class Restorer {
    private final Prior prior;
    private final LinearOperator operator;
    private final Solver solver;

    /** {@code prior} may be null for methods that need none ({@link Solver#needsPrior()}). */
    public Restorer(Prior prior, LinearOperator operator, Solver solver) {
        new Restoration(prior, solver, 0, 0); // refuses a missing prior now rather than at restore
        this.prior = prior;
        this.operator = operator;
        this.solver = solver;
    }

    /** y = A x + w for a clean clip, with noise σ_y drawn from {@code seed} (0 for none). */
    public Clip measure(Clip clean, double sigmaY, long seed) {
        return new Restoration(prior, solver, sigmaY, seed).measure(operator, clean, 0);
    }

    /**
     * Restores an RGB clip of {@code frames} × {@code height} × {@code width} (the prior's channels) from
     * {@code measurement} with noise level {@code sigmaY}; {@code seed} fixes the method's noise.
     */
    public Clip restore(Clip measurement, int frames, int height, int width, double sigmaY, long seed,
            ProgressListener progress) {
        // Clips are RGB (or whatever the prior takes), even when the measurement is grey.
        long[] shape = {frames, prior != null ? prior.channels() : 3, height, width};
        return new Restoration(prior, solver, sigmaY, seed).restore(operator, measurement, shape, progress).clip();
    }
}

package dev.vireo.solvers;

import dev.vireo.InvalidInputException;

/**
 * Settings of the classical least-squares baseline.
 *
 * @param cgSteps CG iterations on (AᵀA + λI) x = Aᵀy from a constant 0.5 clip
 * @param lambda Tikhonov weight λ ≥ 0 (0 = plain normal equations; early stopping is then the regulariser)
 */
public record CgOptions(int cgSteps, double lambda) {
    public CgOptions {
        if (cgSteps < 0) {
            throw new InvalidInputException("CG steps must be ≥ 0, got " + cgSteps);
        }
        if (!(lambda >= 0)) {
            throw new InvalidInputException("Tikhonov lambda must be ≥ 0, got " + lambda);
        }
    }

    /** 30 steps, λ = 0. */
    public static CgOptions defaults() {
        return new CgOptions(30, 0.0);
    }

    public CgOptions withCgSteps(int v) {
        return new CgOptions(v, lambda);
    }

    public CgOptions withLambda(double v) {
        return new CgOptions(cgSteps, v);
    }
}

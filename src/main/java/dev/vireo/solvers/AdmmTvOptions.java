package dev.vireo.solvers;

import dev.vireo.InvalidInputException;

/**
 * Settings of the ADMM total-variation baseline: min ½‖A x − y‖² + λ‖D x‖₁ with D the forward differences
 * along time, height and width (anisotropic 3-D TV).
 *
 * @param iterations ADMM iterations
 * @param lambda     TV weight λ (clip values in [0, 1])
 * @param rho        ADMM penalty ρ
 * @param cgSteps    CG iterations of each x-update on (AᵀA + ρDᵀD) x = Aᵀy + ρDᵀ(z − u), warm-started
 */
public record AdmmTvOptions(int iterations, double lambda, double rho, int cgSteps) {
    public AdmmTvOptions {
        if (iterations < 1 || cgSteps < 1) {
            throw new InvalidInputException("ADMM iterations and CG steps must be ≥ 1, got " + iterations + " and " + cgSteps);
        }
        if (!(lambda >= 0) || !(rho > 0)) {
            throw new InvalidInputException("ADMM-TV needs lambda ≥ 0 and rho > 0, got " + lambda + " and " + rho);
        }
    }

    /**
     * 40 iterations, λ = 1e-4, ρ = 0.1, 10 CG steps: tuned on a smooth synthetic clip with a noiseless
     * measurement (t7 + 2× block mean), where larger λ (≥ 1e-3) costs several dB; noisy measurements want a
     * larger λ.
     */
    public static AdmmTvOptions defaults() {
        return new AdmmTvOptions(40, 1e-4, 0.1, 10);
    }

    public AdmmTvOptions withIterations(int v) {
        return new AdmmTvOptions(v, lambda, rho, cgSteps);
    }

    public AdmmTvOptions withLambda(double v) {
        return new AdmmTvOptions(iterations, v, rho, cgSteps);
    }

    public AdmmTvOptions withRho(double v) {
        return new AdmmTvOptions(iterations, lambda, v, cgSteps);
    }

    public AdmmTvOptions withCgSteps(int v) {
        return new AdmmTvOptions(iterations, lambda, rho, v);
    }
}

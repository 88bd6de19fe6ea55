package dev.vireo.solvers;

import dev.vireo.InvalidInputException;

/**
 * Settings of diffusion posterior sampling (Chung et al., ICLR 2023).
 *
 * @param nfe         ancestral steps (one network call each) on the reference grid (1000 = every timestep, as the DPS paper)
 * @param zeta        ζ: each step subtracts ζ·∇_{x_t}‖y − A x̂₀(x_t)‖ (the DPS code's step ζ/‖y − A x̂₀‖ on the squared norm's half-gradient)
 * @param clipTweedie clamp x̂₀ to [−1, 1] (the DPS code's clip_denoised)
 */
public record DpsOptions(int nfe, double zeta, boolean clipTweedie) {
    public DpsOptions {
        if (nfe < 1) {
            throw new InvalidInputException("DPS steps must be ≥ 1, got " + nfe);
        }
        if (!(zeta >= 0)) {
            throw new InvalidInputException("DPS step size zeta must be ≥ 0, got " + zeta);
        }
    }

    /** 1000 steps, ζ = 1, clipping on. */
    public static DpsOptions defaults() {
        return new DpsOptions(1000, 1.0, true);
    }

    public DpsOptions withNfe(int v) {
        return new DpsOptions(v, zeta, clipTweedie);
    }

    public DpsOptions withZeta(double v) {
        return new DpsOptions(nfe, v, clipTweedie);
    }

    public DpsOptions withClipTweedie(boolean v) {
        return new DpsOptions(nfe, zeta, v);
    }

}

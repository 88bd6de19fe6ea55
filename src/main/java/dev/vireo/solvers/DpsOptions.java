package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule;

/**
 * Settings of diffusion posterior sampling (Chung et al., ICLR 2023).
 *
 * @param steps       ancestral steps on the reference grid (1000 = every timestep, as the DPS paper)
 * @param zeta        ζ: each step subtracts ζ·∇_{x_t}‖y − A x̂₀(x_t)‖ (the DPS code's step ζ/‖y − A x̂₀‖ on the squared norm's half-gradient)
 * @param clipTweedie clamp x̂₀ to [−1, 1] (the DPS code's clip_denoised)
 * @param schedule    "linear" or "cosine"
 */
public record DpsOptions(int steps, double zeta, boolean clipTweedie, String schedule) {
    public DpsOptions {
        if (steps < 1) {
            throw new InvalidInputException("DPS steps must be ≥ 1, got " + steps);
        }
        if (!(zeta >= 0)) {
            throw new InvalidInputException("DPS step size zeta must be ≥ 0, got " + zeta);
        }
        NoiseSchedule.parse(schedule, 1);
    }

    /** 1000 steps, ζ = 1, clipping on, linear schedule. */
    public static DpsOptions defaults() {
        return new DpsOptions(1000, 1.0, true, "linear");
    }

    public DpsOptions withSteps(int v) {
        return new DpsOptions(v, zeta, clipTweedie, schedule);
    }

    public DpsOptions withZeta(double v) {
        return new DpsOptions(steps, v, clipTweedie, schedule);
    }

    public DpsOptions withClipTweedie(boolean v) {
        return new DpsOptions(steps, zeta, v, schedule);
    }

    public DpsOptions withSchedule(String v) {
        return new DpsOptions(steps, zeta, clipTweedie, v);
    }
}

package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule.EtaConvention;
import dev.vireo.schedule.TimeGrid;

/**
 * Settings of the batch-consistent solver (paper §2) and its ablations. Immutable; change with the
 * {@code with…} methods.
 *
 * @param nfe          network evaluations on the reference grid (stride 1000/nfe), ignored when {@code timeGrid} is set
 * @param timeGrid     a custom grid (e.g. the fixture's 800, 600, …, 0), or null for the reference grid
 * @param eta          stochasticity η in [0, 1]
 * @param convention   how η splits the re-noising (CODE = the released code, DDIM = the σ form)
 * @param cgSteps      l, iterations of the data step
 * @param cgTol        early stop when the data-step residual norm falls below this
 * @param clipTweedie  clamp x̂₀ to [−1, 1] before the data step (the released code does not; the weak bundled
 *                     priors need it, see reference-runs.md)
 * @param descent      CG (the method) or GD (steepest descent, the §3.3 ablation)
 * @param consistency  NOISELESS: l steps on AᵀA x = Aᵀy from x̂₀; PROXIMAL: (I + γAᵀA) x = x̂₀ + γAᵀy (DDS for σ_y &gt; 0);
 *                     AUTO: NOISELESS when σ_y = 0, else PROXIMAL
 * @param gamma        γ of the proximal step
 * @param microBatch   frames per network call, 0 = all frames at once (results are identical either way)
 * @param sharedNoise  whether the method's default noise is one image for all frames (false = the ablation)
 * @param warmStart    1: start from noise x_T (the paper); below 1: start from the problem's start clip diffused to
 *                     the first grid time ≤ warmStart·T with the run's noise (Come-Closer-Diffuse-Faster), skipping
 *                     the grid's earlier steps
 */
public record SviOptions(
        int nfe,
        TimeGrid timeGrid,
        double eta,
        EtaConvention convention,
        int cgSteps,
        double cgTol,
        boolean clipTweedie,
        Descent descent,
        Consistency consistency,
        double gamma,
        int microBatch,
        boolean sharedNoise,
        double warmStart) {

    public enum Descent { CG, GD }

    public enum Consistency { AUTO, NOISELESS, PROXIMAL }

    public SviOptions {
        if (timeGrid == null && nfe < 1) {
            throw new InvalidInputException("number of diffusion steps must be ≥ 1, got " + nfe);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new InvalidInputException("eta must be in [0, 1], got " + eta);
        }
        if (cgSteps < 0) {
            throw new InvalidInputException("CG steps must be ≥ 0, got " + cgSteps);
        }
        if (!(gamma > 0)) {
            throw new InvalidInputException("gamma must be > 0, got " + gamma);
        }
        if (microBatch < 0) {
            throw new InvalidInputException("micro-batch size must be ≥ 0, got " + microBatch);
        }
        if (!(warmStart >= 0 && warmStart <= 1)) {
            throw new InvalidInputException("warm start must be in [0, 1] (a fraction of the schedule), got " + warmStart);
        }
    }

    /**
     * NFE 20, η 0.15 (code convention), l = 5, tol 1e-5, Tweedie clipping on, CG, AUTO data step, γ 3, shared
     * noise. γ was chosen from numbers over all five noisy paper tasks (σ_y = 0.02, sam2-02_cups 16×64²,
     * docs/methods.md): mean 25.2 / 26.5 / 24.4 dB for γ = 1 / 3 / 10. γ 10 is best on SR×4 + 7-frame (+0.9 dB
     * over γ 3) but loses 6 dB on the temporal-only tasks, whose operator CG nearly inverts, so noise comes through.
     */
    public static SviOptions defaults() {
        return new SviOptions(20, null, 0.15, EtaConvention.CODE, 5, 1e-5, true, Descent.CG,
                Consistency.AUTO, 3.0, 0, true, 1.0);
    }

    /** The released code's behaviour: no clipping, the code's η split, the noiseless CG form. */
    public static SviOptions paperExact() {
        return defaults().asPaperExact();
    }

    /** Whether the settings are the released code's in the three places {@link #paperExact} changes. */
    public boolean isPaperExact() {
        return !clipTweedie && convention == EtaConvention.CODE && consistency == Consistency.NOISELESS;
    }

    /** These settings with the released code's choices in the three places {@link #paperExact} changes. */
    public SviOptions asPaperExact() {
        return withClipTweedie(false).withConvention(EtaConvention.CODE).withConsistency(Consistency.NOISELESS);
    }

    /** The grid actually visited. */
    public TimeGrid grid(int trainSteps) {
        return timeGrid != null ? timeGrid : TimeGrid.reference(nfe, trainSteps);
    }

    public SviOptions withNfe(int v) {
        return new SviOptions(v, null, eta, convention, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withTimeGrid(TimeGrid v) {
        return new SviOptions(nfe, v, eta, convention, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }


    public SviOptions withEta(double v) {
        return new SviOptions(nfe, timeGrid, v, convention, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withConvention(EtaConvention v) {
        return new SviOptions(nfe, timeGrid, eta, v, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withCgSteps(int v) {
        return new SviOptions(nfe, timeGrid, eta, convention, v, cgTol, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withCgTol(double v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, v, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withClipTweedie(boolean v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, v, descent, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withDescent(Descent v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, clipTweedie, v, consistency, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withConsistency(Consistency v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, clipTweedie, descent, v, gamma, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withGamma(double v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, clipTweedie, descent, consistency, v, microBatch, sharedNoise, warmStart);
    }

    public SviOptions withMicroBatch(int v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, v, sharedNoise, warmStart);
    }

    public SviOptions withSharedNoise(boolean v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, microBatch, v, warmStart);
    }

    public SviOptions withWarmStart(double v) {
        return new SviOptions(nfe, timeGrid, eta, convention, cgSteps, cgTol, clipTweedie, descent, consistency, gamma, microBatch, sharedNoise, v);
    }

    /** Whether the run starts from the problem's start clip rather than from noise. */
    public boolean warm() {
        return warmStart < 1;
    }
}

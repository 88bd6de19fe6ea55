package dev.vireo.job;

/**
 * The one seeding rule of every run (restore, bench, degrade, library): the solver's noise comes from the
 * run seed itself (its x_T and per-step images, shared by every window so windows sample alike), and the
 * simulated measurement noise of window {@code w} from {@link #measurement}, so each window draws its own.
 */
public final class Seeds {
    private Seeds() {}

    /** Seed of the measurement noise added to window (or stream) {@code w} of a run with seed {@code seed}. */
    public static long measurement(long seed, long w) {
        return seed * 1_000_003L + w;
    }
}

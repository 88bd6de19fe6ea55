package dev.vireo.schedule;

import dev.vireo.InvalidInputException;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The timesteps a sampler visits, in visiting (descending) order, each with its successor; the last
 * successor is −1 (ᾱ_{−1} = 1). The number of visited steps is the number of network evaluations.
 */
public record TimeGrid(int[] timesteps, int[] next) {
    public TimeGrid {
        if (timesteps.length == 0 || timesteps.length != next.length) {
            throw new InvalidInputException("a time grid needs at least one step and one successor per step");
        }
        timesteps = timesteps.clone();
        next = next.clone();
    }

    /** Visits {@code ts} (any order, duplicates dropped) from the largest down, successors the next lower, then −1. */
    public static TimeGrid of(int... ts) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int t : ts) {
            if (t < 0) {
                throw new InvalidInputException("timesteps must be ≥ 0, got " + t);
            }
            set.add(t);
        }
        if (set.isEmpty()) {
            throw new InvalidInputException("a time grid needs at least one timestep");
        }
        int[] desc = set.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        int[] nxt = new int[desc.length];
        for (int i = 0; i < desc.length; i++) {
            nxt[i] = i + 1 < desc.length ? desc[i + 1] : -1;
        }
        return new TimeGrid(desc, nxt);
    }

    /**
     * The SVI reference grid: stride s = T/nfe (integer division), visits (nfe−1)·s, …, s, 0
     * (950, 900, …, 0 for 20 of 1000).
     */
    public static TimeGrid reference(int nfe, int trainSteps) {
        if (nfe < 1 || nfe > trainSteps) {
            throw new InvalidInputException("number of steps must be in 1.." + trainSteps + ", got " + nfe);
        }
        int stride = trainSteps / nfe;
        int[] ts = new int[nfe];
        for (int k = 0; k < nfe; k++) {
            ts[k] = (nfe - 1 - k) * stride;
        }
        return of(ts);
    }

    /**
     * guided-diffusion {@code space_timesteps}: "ddimN" (the smallest stride whose range(0, T, stride) has
     * N elements) or comma-separated section counts ("10,10,5": T split into equal sections, each sampled
     * evenly with round-half-even like Python's round).
     */
    public static TimeGrid respaced(String spec, int trainSteps) {
        String s = spec.trim();
        try {
            if (s.startsWith("ddim")) {
                int want = Integer.parseInt(s.substring(4));
                for (int stride = 1; stride < trainSteps; stride++) {
                    if ((trainSteps + stride - 1) / stride == want) {
                        int[] ts = new int[want];
                        for (int k = 0; k < want; k++) {
                            ts[k] = k * stride;
                        }
                        return of(ts);
                    }
                }
                throw new InvalidInputException("cannot create exactly " + want + " steps with an integer stride of " + trainSteps);
            }
            int[] counts = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            int sizePer = trainSteps / counts.length;
            int extra = trainSteps % counts.length;
            int start = 0;
            TreeSet<Integer> all = new TreeSet<>();
            for (int i = 0; i < counts.length; i++) {
                int size = sizePer + (i < extra ? 1 : 0);
                if (size < counts[i]) {
                    throw new InvalidInputException("cannot divide a section of " + size + " steps into " + counts[i]);
                }
                double frac = counts[i] <= 1 ? 1 : (size - 1) / (double) (counts[i] - 1);
                double cur = 0;
                for (int k = 0; k < counts[i]; k++) {
                    all.add(start + (int) Math.rint(cur));
                    cur += frac;
                }
                start += size;
            }
            return of(all.stream().mapToInt(Integer::intValue).toArray());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("bad timestep respacing '" + spec + "' (use ddimN or counts like 10,10,5)");
        }
    }

    /** Number of visited steps (= network evaluations for one-evaluation-per-step samplers). */
    public int size() {
        return timesteps.length;
    }

    public int t(int i) {
        return timesteps[i];
    }

    public int next(int i) {
        return next[i];
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public int[] next() {
        return next.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeGrid g && Arrays.equals(timesteps, g.timesteps) && Arrays.equals(next, g.next);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(timesteps) + Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        return "TimeGrid" + Arrays.toString(timesteps);
    }
}

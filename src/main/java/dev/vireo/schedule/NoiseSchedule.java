package dev.vireo.schedule;

import dev.vireo.InvalidInputException;
import java.util.Locale;

/**
 * A discrete diffusion noise schedule: β_t and ᾱ_t = Π_{s≤t}(1 − β_s) for t = 0..T−1, computed in
 * float64 (diffusers / guided-diffusion style), with the convention ᾱ_{−1} = 1 so that a step to
 * t' = −1 means "fully denoised".
 */
public final class NoiseSchedule {
    private final String name;
    private final double[] betas;
    private final double[] alphaBars;

    private NoiseSchedule(String name, double[] betas) {
        this.name = name;
        this.betas = betas;
        this.alphaBars = new double[betas.length];
        double prod = 1.0;
        for (int i = 0; i < betas.length; i++) {
            prod *= 1.0 - betas[i];
            alphaBars[i] = prod;
        }
    }

    /** guided-diffusion "linear": β = linspace(1e-4·1000/T, 0.02·1000/T, T). */
    public static NoiseSchedule linear(int steps) {
        checkSteps(steps);
        double scale = 1000.0 / steps;
        double lo = scale * 1e-4;
        double hi = scale * 0.02;
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            // numpy.linspace: start + i·step, with the last point exactly the end.
            b[i] = steps == 1 ? lo : (i == steps - 1 ? hi : lo + i * ((hi - lo) / (steps - 1)));
        }
        return new NoiseSchedule("linear", b);
    }

    /** improved-diffusion "cosine": ᾱ(s) = cos²((s/T + 0.008)/1.008 · π/2), β clipped at 0.999. */
    public static NoiseSchedule cosine(int steps) {
        checkSteps(steps);
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            b[i] = Math.min(1.0 - cosineAlphaBar((i + 1.0) / steps) / cosineAlphaBar((double) i / steps), 0.999);
        }
        return new NoiseSchedule("cosine", b);
    }

    /** "linear" or "cosine" over {@code steps} steps. */
    public static NoiseSchedule parse(String spec, int steps) {
        return switch (spec.toLowerCase(Locale.ROOT)) {
            case "linear" -> linear(steps);
            case "cosine" -> cosine(steps);
            default -> throw new InvalidInputException("unknown noise schedule '" + spec + "' (use linear or cosine)");
        };
    }

    private static double cosineAlphaBar(double s) {
        double c = Math.cos((s + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    private static void checkSteps(int steps) {
        if (steps < 1) {
            throw new InvalidInputException("a noise schedule needs at least 1 step, got " + steps);
        }
    }

    public String name() {
        return name;
    }

    /** T, the number of training timesteps. */
    public int steps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[check(t)];
    }

    /** ᾱ_t for t in −1..T−1 (ᾱ_{−1} = 1). */
    public double alphaBar(int t) {
        return t == -1 ? 1.0 : alphaBars[check(t)];
    }

    private int check(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IllegalArgumentException("timestep " + t + " outside 0.." + (betas.length - 1));
        }
        return t;
    }

    /**
     * The re-noising coefficients of one reverse step t → t' applied as
     * x_{t'} = signal·x̄ + noise·e + eps·ε̂.
     */
    public Renoise renoise(int t, int next, double eta, EtaConvention convention) {
        if (eta < 0 || eta > 1) {
            throw new InvalidInputException("eta must be in [0, 1], got " + eta);
        }
        double abNext = alphaBar(next);
        double total = Math.sqrt(1.0 - abNext);
        return switch (convention) {
            case CODE -> new Renoise(Math.sqrt(abNext), eta * total, Math.sqrt(1.0 - eta * eta) * total);
            case DDIM -> {
                double ab = alphaBar(t);
                double sigma = eta * Math.sqrt((1.0 - abNext) / (1.0 - ab)) * Math.sqrt(1.0 - ab / abNext);
                yield new Renoise(Math.sqrt(abNext), sigma, Math.sqrt(Math.max(0.0, 1.0 - abNext - sigma * sigma)));
            }
        };
    }

    /** Coefficients of x_{t'} = signal·x̄ + noise·e + eps·ε̂. */
    public record Renoise(double signal, double noise, double eps) {}

    /**
     * How η sets the stochastic share of a step. CODE (SVI and DDS releases): the budget √(1−ᾱ') is split
     * by angle, noise η√(1−ᾱ'), ε̂ share √(1−η²)√(1−ᾱ'). DDIM (Song et al., guided-diffusion ddim_sample):
     * σ = η√((1−ᾱ')/(1−ᾱ))√(1−ᾱ/ᾱ'), ε̂ share √(1−ᾱ'−σ²).
     */
    public enum EtaConvention {
        CODE,
        DDIM;

        public static EtaConvention parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "code", "dds" -> CODE;
                case "ddim" -> DDIM;
                default -> throw new InvalidInputException("unknown eta convention '" + s + "' (use code or ddim)");
            };
        }
    }
}

package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule.EtaConvention;
import dev.vireo.schedule.TimeGrid;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The methods by name (for a {@code --method} flag), each with one declared {@link OptionTable}: the only
 * place an option's name, type, range, default and meaning are written. The same names are the CLI's
 * convenience flags ({@code --nfe} is option {@code nfe}, {@code --cg-steps} is {@code cg-steps}), the keys
 * of {@code --option key=value} and of bench suite files, and run.json records {@link #describe} of the
 * resolved options.
 */
public final class Solvers {
    /** A method: its name, its options table and how a resolved options record becomes a solver. */
    public record Method<R>(String name, OptionTable<R> table, Function<R, Solver> factory) {
        Solver create(Map<String, String> values) {
            return factory.apply(table.resolve(values));
        }
    }

    private static final Map<String, Method<?>> METHODS = new LinkedHashMap<>();

    static {
        add(new Method<>("svi", sviTable("svi", SviOptions.defaults()), SviSolver::new));
        add(new Method<>("svi-independent", sviTable("svi-independent", SviOptions.defaults().withSharedNoise(false)), SviSolver::new));
        add(new Method<>("svi-gd", sviTable("svi-gd", SviOptions.defaults().withDescent(SviOptions.Descent.GD)), SviSolver::new));
        add(new Method<>("cg", new OptionTable<>("cg", CgOptions.defaults())
                .integer("cg-steps", 0, 100_000, "CG iterations on (AᵀA + λI) x = Aᵀy from mid-grey", CgOptions::cgSteps, CgOptions::withCgSteps)
                .real("lambda", 0, 1e6, "Tikhonov weight λ (0: early stopping regularises)", CgOptions::lambda, CgOptions::withLambda),
                CgSolver::new));
        add(new Method<>("admm-tv", new OptionTable<>("admm-tv", AdmmTvOptions.defaults())
                .integer("iterations", 1, 100_000, "ADMM iterations", AdmmTvOptions::iterations, AdmmTvOptions::withIterations)
                .real("lambda", 0, 1e6, "TV weight λ", AdmmTvOptions::lambda, AdmmTvOptions::withLambda)
                .real("rho", 1e-9, 1e9, "ADMM penalty ρ", AdmmTvOptions::rho, AdmmTvOptions::withRho)
                .integer("cg-steps", 1, 100_000, "CG iterations per x-update", AdmmTvOptions::cgSteps, AdmmTvOptions::withCgSteps),
                AdmmTvSolver::new));
        add(new Method<>("dps", new OptionTable<>("dps", DpsOptions.defaults())
                .integer("nfe", 1, 100_000, "ancestral steps, one network call each", DpsOptions::nfe, DpsOptions::withNfe)
                .real("zeta", 0, 1e6, "guidance step ζ in the DPS code's units", DpsOptions::zeta, DpsOptions::withZeta)
                .bool("clip", "clamp x̂₀ to [−1, 1]", DpsOptions::clipTweedie, DpsOptions::withClipTweedie),
                DpsSolver::new));
    }

    private Solvers() {}

    private static void add(Method<?> m) {
        METHODS.put(m.name(), m);
    }

    /** svi and its ablations share one table; only their defaults differ. paper-exact comes first so later keys refine it. */
    private static OptionTable<SviOptions> sviTable(String name, SviOptions defaults) {
        return new OptionTable<>(name, defaults)
                .bool("paper-exact", "the released code: no Tweedie clipping, code η split, noiseless data step",
                        SviOptions::isPaperExact, (o, v) -> v ? o.asPaperExact() : o)
                .integer("nfe", 1, 1000, "network evaluations on the reference grid", SviOptions::nfe, SviOptions::withNfe)
                .text("timesteps", "800,600,…,0 | ddimN", "a custom time grid instead of nfe",
                        o -> o.timeGrid() == null ? null : o.timeGrid().toString(), (o, v) -> o.withTimeGrid(timeGrid(name, v)))
                .real("eta", 0, 1, "stochasticity η of the re-noising", SviOptions::eta, SviOptions::withEta)
                .choice("eta-convention", EtaConvention.class, "how η splits the re-noising (code: the released code)",
                        SviOptions::convention, SviOptions::withConvention)
                .integer("cg-steps", 0, 1000, "data-step iterations l per diffusion step", SviOptions::cgSteps, SviOptions::withCgSteps)
                .real("cg-tol", 0, 1, "early stop when the data-step residual norm falls below this", SviOptions::cgTol, SviOptions::withCgTol)
                .bool("clip", "clamp the Tweedie estimate to [−1, 1] before the data step", SviOptions::clipTweedie, SviOptions::withClipTweedie)
                .choice("consistency", SviOptions.Consistency.class, "data step: auto (proximal when σ_y > 0), noiseless or proximal",
                        SviOptions::consistency, SviOptions::withConsistency)
                .real("gamma", 1e-6, 1e6, "γ of the proximal data step", SviOptions::gamma, SviOptions::withGamma)
                .integer("micro-batch", 0, 1_000_000, "frames per network call (0: all; results identical)", SviOptions::microBatch,
                        SviOptions::withMicroBatch)
                .real("warm-start", 0, 1, "start from the problem's start clip (subsample:K: the flow start) diffused to this "
                        + "fraction of the schedule, skipping earlier steps; 1: from noise", SviOptions::warmStart, SviOptions::withWarmStart);
    }

    private static TimeGrid timeGrid(String method, String v) {
        String s = v.trim();
        if (s.startsWith("ddim")) {
            return TimeGrid.respaced(s, 1000);
        }
        try {
            return TimeGrid.of(Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(method + " option timesteps must be ddimN or a comma-separated list of integers, got '" + v + "'");
        }
    }

    public static List<String> names() {
        return List.copyOf(METHODS.keySet());
    }

    /** The declared options of a method. */
    public static OptionTable<?> table(String name) {
        return method(name).table();
    }

    /** The method with its default settings. */
    public static Solver create(String name) {
        return create(name, Map.of());
    }

    /** The method with {@code options} (keys of its table, text values) applied to its defaults. */
    public static Solver create(String name, Map<String, String> options) {
        return method(name).create(options);
    }

    /** Every option of the solver's method with the value it runs with. */
    public static Map<String, Object> describe(Solver solver) {
        return describeOptions(method(solver.name()).table(), solver.options());
    }

    @SuppressWarnings("unchecked")
    private static <R> Map<String, Object> describeOptions(OptionTable<R> table, Object options) {
        return table.describe((R) options);
    }

    private static Method<?> method(String name) {
        Method<?> m = METHODS.get(name.toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new InvalidInputException("unknown method '" + name + "' (use one of " + String.join(", ", METHODS.keySet()) + ")");
        }
        return m;
    }
}

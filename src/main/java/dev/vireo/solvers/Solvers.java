package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule.EtaConvention;
import dev.vireo.schedule.TimeGrid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods by name (for a {@code --method} flag), each configurable by string options (for
 * {@code --option key=value} flags). Keys, all optional:
 * <ul>
 *   <li>svi, svi-independent, svi-gd: nfe, timesteps (comma list like 800,600,400,200,0 or ddimN), schedule,
 *       eta, eta-convention (code|ddim), cg-steps, cg-tol, clip (true|false), consistency (auto|noiseless|proximal),
 *       gamma, micro-batch, paper-exact (true: start from {@link SviOptions#paperExact()})</li>
 *   <li>cg: steps, lambda</li>
 *   <li>admm-tv: iterations, lambda, rho, cg-steps</li>
 *   <li>dps: steps, zeta, clip, schedule</li>
 * </ul>
 */
public final class Solvers {
    private static final List<String> NAMES = List.of("svi", "svi-independent", "svi-gd", "cg", "admm-tv", "dps");

    private Solvers() {}

    public static List<String> names() {
        return NAMES;
    }

    /** The method with its default settings. */
    public static Solver create(String name) {
        return create(name, Map.of());
    }

    public static Solver create(String name, Map<String, String> options) {
        Opts o = new Opts(name, options);
        Solver s = switch (name.toLowerCase(Locale.ROOT)) {
            case "svi" -> new SviSolver(svi(o, SviOptions.defaults()));
            case "svi-independent" -> new SviSolver(svi(o, SviOptions.defaults().withSharedNoise(false)));
            case "svi-gd" -> new SviSolver(svi(o, SviOptions.defaults().withDescent(SviOptions.Descent.GD)));
            case "cg" -> new CgSolver(new CgOptions(o.integer("steps", CgOptions.defaults().steps()),
                    o.real("lambda", CgOptions.defaults().lambda())));
            case "admm-tv" -> {
                AdmmTvOptions d = AdmmTvOptions.defaults();
                yield new AdmmTvSolver(new AdmmTvOptions(o.integer("iterations", d.iterations()), o.real("lambda", d.lambda()),
                        o.real("rho", d.rho()), o.integer("cg-steps", d.cgSteps())));
            }
            case "dps" -> {
                DpsOptions d = DpsOptions.defaults();
                yield new DpsSolver(new DpsOptions(o.integer("steps", d.steps()), o.real("zeta", d.zeta()),
                        o.bool("clip", d.clipTweedie()), o.string("schedule", d.schedule())));
            }
            default -> throw new InvalidInputException("unknown method '" + name + "' (use one of " + String.join(", ", NAMES) + ")");
        };
        o.checkAllUsed();
        return s;
    }

    private static SviOptions svi(Opts o, SviOptions base) {
        SviOptions s = o.bool("paper-exact", false)
                ? SviOptions.paperExact().withSharedNoise(base.sharedNoise()).withDescent(base.descent())
                : base;
        s = s.withNfe(o.integer("nfe", s.nfe()));
        String ts = o.string("timesteps", null);
        if (ts != null) {
            s = s.withTimeGrid(ts.startsWith("ddim") ? TimeGrid.respaced(ts, 1000) : TimeGrid.of(o.ints("timesteps", ts)));
        }
        return s.withSchedule(o.string("schedule", s.schedule()))
                .withEta(o.real("eta", s.eta()))
                .withConvention(EtaConvention.parse(o.string("eta-convention", s.convention().name())))
                .withCgSteps(o.integer("cg-steps", s.cgSteps()))
                .withCgTol(o.real("cg-tol", s.cgTol()))
                .withClipTweedie(o.bool("clip", s.clipTweedie()))
                .withConsistency(consistency(o.string("consistency", s.consistency().name())))
                .withGamma(o.real("gamma", s.gamma()))
                .withMicroBatch(o.integer("micro-batch", s.microBatch()));
    }

    private static SviOptions.Consistency consistency(String v) {
        try {
            return SviOptions.Consistency.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown consistency '" + v + "' (use auto, noiseless or proximal)");
        }
    }

    /** String options with typed access; remembers which keys were read so leftovers are reported. */
    private static final class Opts {
        private final String method;
        private final Map<String, String> values;
        private final Set<String> used = new TreeSet<>();

        Opts(String method, Map<String, String> values) {
            this.method = method;
            this.values = new LinkedHashMap<>(values);
        }

        String string(String key, String dflt) {
            used.add(key);
            return values.getOrDefault(key, dflt);
        }

        int integer(String key, int dflt) {
            String v = string(key, null);
            try {
                return v == null ? dflt : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("option " + key + " must be an integer, got '" + v + "'");
            }
        }

        double real(String key, double dflt) {
            String v = string(key, null);
            try {
                return v == null ? dflt : Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("option " + key + " must be a number, got '" + v + "'");
            }
        }

        boolean bool(String key, boolean dflt) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new InvalidInputException("option " + key + " must be true or false, got '" + v + "'");
            };
        }

        int[] ints(String key, String v) {
            try {
                return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw new InvalidInputException("option " + key + " must be a comma-separated list of integers, got '" + v + "'");
            }
        }

        void checkAllUsed() {
            for (String k : values.keySet()) {
                if (!used.contains(k)) {
                    throw new InvalidInputException("method " + method + " has no option '" + k + "' (it takes " + String.join(", ", used) + ")");
                }
            }
        }
    }
}

package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The declared options of one method: name, type, range, one-line doc, and how each reads from and writes to
 * the method's immutable options record {@code R}. CLI help, {@code --option key=value}, bench suite files and
 * run.json all go through this one table, so a key means the same everywhere and an unknown key is refused
 * with the method's name.
 *
 * @param <R> the options record (validated again in its own constructor)
 */
public final class OptionTable<R> {
    /** One option: {@code parse} checks the type and range of the text form. */
    public record Option<R>(String name, String type, String range, String doc, Function<R, Object> get,
            BiFunction<R, String, R> set) {}

    private final String method;
    private final R defaults;
    private final List<Option<R>> options = new ArrayList<>();

    public OptionTable(String method, R defaults) {
        this.method = method;
        this.defaults = defaults;
    }

    public String method() {
        return method;
    }

    public R defaults() {
        return defaults;
    }

    public List<Option<R>> options() {
        return List.copyOf(options);
    }

    public boolean has(String key) {
        return options.stream().anyMatch(o -> o.name.equals(key));
    }

    public OptionTable<R> integer(String name, int min, int max, String doc, Function<R, Integer> get, BiFunction<R, Integer, R> set) {
        options.add(new Option<>(name, "integer", min + ".." + max, doc, get::apply,
                (r, v) -> set.apply(r, checkInt(name, v, min, max))));
        return this;
    }

    public OptionTable<R> real(String name, double min, double max, String doc, Function<R, Double> get, BiFunction<R, Double, R> set) {
        options.add(new Option<>(name, "number", fmt(min) + ".." + fmt(max), doc, get::apply,
                (r, v) -> set.apply(r, checkReal(name, v, min, max))));
        return this;
    }

    public OptionTable<R> bool(String name, String doc, Function<R, Boolean> get, BiFunction<R, Boolean, R> set) {
        options.add(new Option<>(name, "boolean", "true|false", doc, get::apply, (r, v) -> set.apply(r, checkBool(name, v))));
        return this;
    }

    /** A choice among the constants of {@code type}, spelled in lower case with '-' for '_'. */
    public <E extends Enum<E>> OptionTable<R> choice(String name, Class<E> type, String doc, Function<R, E> get, BiFunction<R, E, R> set) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(OptionTable::spell).toList();
        options.add(new Option<>(name, "choice", String.join("|", names), doc, r -> spell(get.apply(r)), (r, v) -> {
            String want = v.trim().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (spell(e).equals(want)) {
                    return set.apply(r, e);
                }
            }
            throw new InvalidInputException(method + " option " + name + " must be one of " + String.join(", ", names) + ", got '" + v + "'");
        }));
        return this;
    }

    /** Free text parsed by {@code set} itself (which throws {@link InvalidInputException} with its own message). */
    public OptionTable<R> text(String name, String range, String doc, Function<R, Object> get, BiFunction<R, String, R> set) {
        options.add(new Option<>(name, "text", range, doc, get, set));
        return this;
    }

    /**
     * The defaults with {@code values} applied in the table's order (so the result does not depend on the order
     * the user typed them); a key the method does not declare is refused with the method's name.
     */
    public R resolve(Map<String, String> values) {
        for (String k : values.keySet()) {
            if (!has(k)) {
                throw new InvalidInputException("method " + method + " has no option '" + k + "' (it takes "
                        + String.join(", ", options.stream().map(Option::name).toList()) + ")");
            }
        }
        R r = defaults;
        for (Option<R> o : options) {
            String v = values.get(o.name);
            if (v != null) {
                r = o.set.apply(r, v);
            }
        }
        return r;
    }

    /** Every option's value in {@code r}, for run records. */
    public Map<String, Object> describe(R r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Option<R> o : options) {
            m.put(o.name, o.get.apply(r));
        }
        return m;
    }


    private int checkInt(String name, String v, int min, int max) {
        String s = v.trim();
        if (!s.matches("[+-]?[0-9]{1,10}")) {
            throw new InvalidInputException(method + " option " + name + " must be an integer, got '" + clip(v) + "'");
        }
        long n = Long.parseLong(s);
        if (n < min || n > max) {
            throw new InvalidInputException(method + " option " + name + " must be in " + min + ".." + max + ", got " + n);
        }
        return (int) n;
    }

    private double checkReal(String name, String v, double min, double max) {
        String s = v.trim();
        if (!s.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?")) {
            throw new InvalidInputException(method + " option " + name + " must be a number, got '" + clip(v) + "'");
        }
        double d = Double.parseDouble(s);
        if (!(d >= min && d <= max)) {
            throw new InvalidInputException(method + " option " + name + " must be in " + fmt(min) + ".." + fmt(max) + ", got " + s);
        }
        return d;
    }

    private boolean checkBool(String name, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InvalidInputException(method + " option " + name + " must be true or false, got '" + clip(v) + "'");
        };
    }

    static String spell(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String clip(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "…";
    }
}

package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Npy;
import dev.vireo.io.OperatorFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses degradation specs (grammar in docs/operators.md): comma-separated operator tokens applied in
 * written order, each token {@code name[:arg]...[:key=value]...}. Example: {@code
 * temporal:uniform:7,blur:gaussian:2.0:61,down:4} is A = down ∘ blur ∘ temporal.
 */
public final class Degradations {
    private Degradations() {}

    /**
     * The operator a spec describes, checked against a clip of {@code clipShape} [N, C, H, W]. Random
     * masks without {@code seed=} use seed 0.
     *
     * @throws InvalidInputException naming the offending token when the spec is malformed or the clip
     *     shape cannot go through it
     */
    public static LinearOperator parse(String spec, long[] clipShape) {
        return parse(spec, clipShape, TemporalBlur.DEFAULT_BOUNDARY);
    }

    /** As {@link #parse(String, long[])}, with {@code temporalDefault} for temporal tokens without {@code pad=}. */
    public static LinearOperator parse(String spec, long[] clipShape, Boundary temporalDefault) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("empty degradation spec (example: temporal:uniform:7,down:4)");
        }
        long[] shape = SpecOperator.clipShape(clipShape);
        List<Token> tokens = Token.split(spec);
        List<LinearOperator> ops = new ArrayList<>();
        for (Token t : tokens) {
            LinearOperator op;
            try {
                op = build(t, shape, temporalDefault);
            } catch (InvalidInputException e) {
                throw t.error(e.getMessage());
            }
            try {
                shape = op.outputShape(shape);
            } catch (InvalidInputException e) {
                throw t.error("cannot take a clip of shape " + Arrays.toString(shape) + ": " + e.getMessage());
            }
            ops.add(op);
        }
        return ops.size() == 1 ? ops.get(0) : new Composite(ops);
    }

    private static LinearOperator build(Token t, long[] shape, Boundary temporalDefault) {
        switch (t.name) {
            case "temporal": {
                String kind = t.word(0, "kind (uniform, gaussian or taps)");
                Boundary pad = t.boundary(temporalDefault);
                return switch (kind) {
                    case "uniform" -> {
                        t.expect(2, Set.of("pad"));
                        yield TemporalBlur.uniform(t.integer(1, "frame count"), pad);
                    }
                    case "gaussian" -> {
                        t.expect(t.args.size() == 3 ? 3 : 2, Set.of("pad"));
                        double sigma = t.number(1, "sigma");
                        int k = t.args.size() == 3 ? t.integer(2, "tap count") : Kernels.defaultGaussianSize(sigma);
                        yield TemporalBlur.gaussian(sigma, k, pad);
                    }
                    case "taps" -> {
                        t.expect(2, Set.of("pad"));
                        String[] parts = t.arg(1, "taps w0/w1/...").split("/", -1);
                        double[] taps = new double[parts.length];
                        for (int i = 0; i < parts.length; i++) {
                            taps[i] = t.parseNumber(parts[i], "tap " + i);
                        }
                        yield TemporalBlur.taps(taps, pad);
                    }
                    default -> throw t.fail("unknown temporal kind '" + InvalidInputException.excerpt(kind) + "' (use uniform, gaussian or taps)");
                };
            }
            case "blur": {
                String kind = t.word(0, "kind (gaussian, box, motion or file)");
                Boundary pad = t.boundary(SpatialBlur.DEFAULT_BOUNDARY);
                return switch (kind) {
                    case "gaussian" -> {
                        t.expect(t.args.size() == 3 ? 3 : 2, Set.of("pad"));
                        double sigma = t.number(1, "sigma");
                        int k = t.args.size() == 3 ? t.integer(2, "kernel size") : Kernels.defaultGaussianSize(sigma);
                        yield SpatialBlur.gaussian(sigma, k, pad);
                    }
                    case "box" -> {
                        t.expect(2, Set.of("pad"));
                        yield SpatialBlur.box(t.integer(1, "kernel size"), pad);
                    }
                    case "motion" -> {
                        t.expect(3, Set.of("pad"));
                        yield SpatialBlur.motion(t.number(1, "length"), t.number(2, "angle"), pad);
                    }
                    case "file" -> {
                        t.expect(2, Set.of("pad"));
                        String file = t.arg(1, "kernel file");
                        yield SpatialBlur.of("file:" + Token.quote(file), readKernel(Path.of(file)), pad);
                    }
                    default -> throw t.fail("unknown blur kind '" + InvalidInputException.excerpt(kind) + "' (use gaussian, box, motion or file)");
                };
            }
            case "down": {
                int s = t.integer(0, "factor");
                String method = t.args.size() > 1 ? t.word(1, "method") : "mean";
                switch (method) {
                    case "mean" -> {
                        t.expect(Math.min(t.args.size(), 2), Set.of());
                        return Downsample.mean(s);
                    }
                    case "bicubic" -> {
                        t.expect(2, Set.of("pad"));
                        return Downsample.bicubic(s, t.boundary(Downsample.DEFAULT_BICUBIC_BOUNDARY));
                    }
                    default -> throw t.fail("unknown downsampling method '" + InvalidInputException.excerpt(method) + "' (use mean or bicubic)");
                }
            }
            case "mask": {
                String kind = t.word(0, "kind (random, box or file)");
                return switch (kind) {
                    case "random" -> {
                        t.expect(2, Set.of("seed", "per"));
                        String per = t.opts.getOrDefault("per", "clip");
                        if (!per.equals("clip") && !per.equals("frame")) {
                            throw t.fail("per must be clip or frame, got '" + InvalidInputException.excerpt(per) + "'");
                        }
                        long seed = t.opts.containsKey("seed") ? t.parseLong(t.opts.get("seed"), "seed") : 0;
                        yield Mask.random(t.number(1, "observed ratio"), seed, per.equals("frame"));
                    }
                    case "box" -> {
                        t.expect(5, Set.of());
                        yield Mask.box(t.integer(1, "top"), t.integer(2, "left"), t.integer(3, "height"),
                                t.integer(4, "width"));
                    }
                    case "file" -> {
                        t.expect(2, Set.of());
                        String file = t.arg(1, "mask file");
                        yield readMask(file, shape);
                    }
                    default -> throw t.fail("unknown mask kind '" + InvalidInputException.excerpt(kind) + "' (use random, box or file)");
                };
            }
            case "subsample": {
                t.expect(t.args.size() == 2 ? 2 : 1, Set.of());
                int offset = t.args.size() == 2 ? t.integer(1, "offset") : 0;
                return new FrameSubsample(t.integer(0, "frame step"), offset, shape[0]);
            }
            case "grey", "gray":
                t.expect(0, Set.of());
                return new ColorToGray();
            case "identity":
                t.expect(0, Set.of());
                return new Identity();
            default:
                throw t.fail("unknown operator '" + InvalidInputException.excerpt(t.name)
                        + "' (use temporal, blur, down, mask, subsample, grey or identity)");
        }
    }

    private static Mask readMask(String file, long[] shape) {
        Npy.Array a = OperatorFiles.readMask(Path.of(file));
        long[] s = a.shape();
        int planes;
        if (s.length == 2) {
            planes = 1;
        } else if (s.length == 3 || (s.length == 4 && s[1] == 1)) {
            planes = (int) s[0];
        } else {
            throw new InvalidInputException("mask " + file + " must be [H, W] or [N, H, W], got " + Arrays.toString(s));
        }
        int h = (int) s[s.length - 2];
        int w = (int) s[s.length - 1];
        return Mask.fixed("file:" + Token.quote(file), a.data(), planes, h, w);
    }

    /** A kernel from a .npy ([KH, KW]) or an image (grey level), normalised to sum 1. */
    static double[][] readKernel(Path path) {
        return Kernels.normalised(OperatorFiles.readKernel(path));
    }

    /** One operator token with its 1-based index and column, split into arguments and key=value options. */
    static final class Token {
        private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]{1,19}");
        private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
                "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

        final String spec;
        final int index;
        final int column;
        final String text;
        final String name;
        final List<String> args = new ArrayList<>();
        final Map<String, String> opts = new LinkedHashMap<>();

        private Token(String spec, int index, int column, String text, List<String[]> fields) {
            this.spec = spec;
            this.index = index;
            this.column = column;
            this.text = text;
            this.name = fields.get(0)[0].toLowerCase(Locale.ROOT);
            if (fields.get(0)[1] != null) {
                throw error("the operator name must come first, got '" + InvalidInputException.excerpt(fields.get(0)[0]) + "'");
            }
            for (String[] f : fields.subList(1, fields.size())) {
                if (f[1] == null) {
                    args.add(f[0]);
                } else if (opts.put(f[1], f[0]) != null) {
                    throw error("option '" + InvalidInputException.excerpt(f[1]) + "' given twice");
                }
            }
        }

        /** Splits on ',' then ':' outside quotes; fields {value, key-or-null}. */
        static List<Token> split(String spec) {
            List<Token> out = new ArrayList<>();
            List<String[]> fields = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            char quote = 0;
            int tokenStart = 0;
            for (int i = 0; i <= spec.length(); i++) {
                char c = i < spec.length() ? spec.charAt(i) : ',';
                if (quote != 0) {
                    if (i == spec.length()) {
                        throw new InvalidInputException("bad degradation spec '" + InvalidInputException.excerpt(spec) + "': unclosed quote "
                                + quote + " (token " + (out.size() + 1) + ")");
                    }
                    if (c == quote) {
                        quote = 0;
                    } else {
                        cur.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    quoted = true;
                } else if (c == ':' || c == ',') {
                    fields.add(field(cur.toString(), quoted));
                    cur.setLength(0);
                    quoted = false;
                    if (c == ',') {
                        String text = spec.substring(tokenStart, Math.min(i, spec.length())).trim();
                        int lead = spec.substring(tokenStart).length() - spec.substring(tokenStart).stripLeading().length();
                        int index = out.size() + 1;
                        if (fields.get(0)[0].isEmpty()) {
                            throw new InvalidInputException("bad degradation spec '" + InvalidInputException.excerpt(spec) + "': token " + index
                                    + " (column " + (tokenStart + lead + 1) + ") is empty");
                        }
                        out.add(new Token(spec, index, tokenStart + lead + 1, text, fields));
                        fields = new ArrayList<>();
                        tokenStart = i + 1;
                    }
                } else {
                    cur.append(c);
                }
            }
            return out;
        }

        private static String[] field(String raw, boolean quoted) {
            String s = quoted ? raw : raw.trim();
            int eq = s.indexOf('=');
            if (!quoted && eq > 0 && s.substring(0, eq).matches("[A-Za-z_]+")) {
                return new String[] {s.substring(eq + 1).trim(), s.substring(0, eq).trim().toLowerCase(Locale.ROOT)};
            }
            return new String[] {s, null};
        }

        /** A value as it must appear in a spec: quoted when it holds a separator, quote, '=' or space. */
        static String quote(String v) {
            if (!v.matches(".*[,:'\"=\\s].*") && !v.isEmpty()) {
                return v;
            }
            return v.indexOf('\'') < 0 ? "'" + v + "'" : "\"" + v + "\"";
        }

        InvalidInputException error(String message) {
            // A long spec of one token is echoed once, not twice.
            boolean echoToken = !spec.equals(text) || spec.length() <= InvalidInputException.EXCERPT;
            return new InvalidInputException("bad degradation spec '" + InvalidInputException.excerpt(spec) + "' at token "
                    + index + (echoToken ? " '" + InvalidInputException.excerpt(text) + "'" : "") + " (column " + column
                    + "): " + message);
        }

        /** A problem local to this token; {@link #parse} adds the token position. */
        InvalidInputException fail(String message) {
            return new InvalidInputException(message);
        }

        /** Exactly {@code n} arguments and only the given options. */
        void expect(int n, Set<String> allowed) {
            if (args.size() != n) {
                throw fail("expected " + n + " argument" + (n == 1 ? "" : "s") + " after '" + name + "', got "
                        + args.size());
            }
            for (String k : opts.keySet()) {
                if (!allowed.contains(k)) {
                    throw fail("unknown option '" + InvalidInputException.excerpt(k) + "'" + (allowed.isEmpty() ? "" : " (allowed: "
                            + String.join(", ", allowed) + ")"));
                }
            }
        }

        String arg(int i, String what) {
            if (i >= args.size()) {
                throw fail("missing " + what);
            }
            return args.get(i);
        }

        String word(int i, String what) {
            return arg(i, what).toLowerCase(Locale.ROOT);
        }

        int integer(int i, String what) {
            long v = parseLong(arg(i, what), what);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw fail(what + " " + v + " is out of range");
            }
            return (int) v;
        }

        /** ASCII digits only: Long.parseLong would also take other scripts' digits. */
        long parseLong(String s, String what) {
            if (INTEGER.matcher(s).matches()) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException tooLong) {
                    // reported below
                }
            }
            throw fail(what + " must be an integer, got '" + InvalidInputException.excerpt(s) + "'");
        }

        double number(int i, String what) {
            return parseNumber(arg(i, what), what);
        }

        double parseNumber(String s, String what) {
            if (s.length() <= 400 && NUMBER.matcher(s).matches()) {
                double v = Double.parseDouble(s);
                if (Double.isFinite(v)) {
                    return v;
                }
                throw fail(what + " " + InvalidInputException.excerpt(s) + " is out of range");
            }
            throw fail(what + " must be a number, got '" + InvalidInputException.excerpt(s) + "'");
        }

        Boundary boundary(Boundary dflt) {
            String p = opts.get("pad");
            return p == null ? dflt : Boundary.parse(p);
        }
    }
}

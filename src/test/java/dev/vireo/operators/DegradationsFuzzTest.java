package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vireo.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The degradation spec parser against hand-typed and hostile specs: each seeded generated spec must give an
 * operator or an {@link InvalidInputException} with a message of bounded length, never another exception.
 */
class DegradationsFuzzTest {
    static final int CASES = 4000;
    private static final long[] SHAPE = {8, 3, 32, 32};
    private static final String[] NAMES = {"temporal", "blur", "down", "mask", "subsample", "grey", "gray", "identity",
            "TEMPORAL", "bogus", ""};
    private static final String[] WORDS = {"uniform", "gaussian", "taps", "box", "motion", "file", "mean", "bicubic",
            "random", "pad=reflect", "pad=circular", "pad=zero", "pad=replicate", "pad=bogus", "seed=3", "per=frame",
            "per=clip", "seed=\u0661", "x=1", "/nonexistent/k.npy", "'a,b:c'", "\"q", "'"};
    private static final String[] NUMBERS = {"0", "1", "2", "3", "4", "7", "13", "-1", "0.5", "2.0", "1e308", "-1e308",
            "1e-320", "NaN", "Infinity", "0x10", "1_000", "\u0662", "\uff13", "99999999999999999999", "2147483648",
            "0.25/0.5/0.25", "0/0/0", "1/", "/", "1e", ".5", "5.", "+3", "--3", "1f", "1d", " 4 ", "", "１"};

    @Test
    void generatedSpecsGiveAnOperatorOrInvalidInput() {
        Random rnd = new Random(13);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String spec = generate(rnd);
            try {
                LinearOperator a = Degradations.parse(spec, SHAPE.clone());
                a.outputShape(SHAPE.clone());
                parsed++;
            } catch (InvalidInputException expected) {
                int limit = 6 * InvalidInputException.EXCERPT + 300;
                assertTrue(expected.getMessage().length() < limit,
                        "message of " + expected.getMessage().length() + " characters for a spec of " + spec.length());
                refused++;
            } catch (RuntimeException | Error e) {
                fail("spec '" + spec + "' threw " + e, e);
            }
        }
        assertTrue(parsed > CASES / 100 && refused > CASES / 20, parsed + " parsed, " + refused + " refused");
        System.out.println("spec fuzz: " + CASES + " cases, " + parsed + " parsed, " + refused + " refused");
    }

    private static String generate(Random rnd) {
        if (rnd.nextInt(25) == 0) {
            return randomChars(rnd, rnd.nextInt(rnd.nextBoolean() ? 30 : 5000));
        }
        StringBuilder sb = new StringBuilder();
        int tokens = 1 + rnd.nextInt(3);
        for (int t = 0; t < tokens; t++) {
            if (t > 0) {
                sb.append(rnd.nextInt(15) == 0 ? ",," : ",");
            }
            sb.append(NAMES[rnd.nextInt(NAMES.length)]);
            int fields = rnd.nextInt(5);
            for (int f = 0; f < fields; f++) {
                sb.append(rnd.nextInt(20) == 0 ? "::" : ":");
                sb.append(rnd.nextInt(3) == 0 ? WORDS[rnd.nextInt(WORDS.length)] : NUMBERS[rnd.nextInt(NUMBERS.length)]);
            }
        }
        String s = sb.toString();
        if (rnd.nextInt(10) == 0 && !s.isEmpty()) { // one random character replaced
            int at = rnd.nextInt(s.length());
            s = s.substring(0, at) + randomChars(rnd, 1) + s.substring(at + 1);
        }
        return s;
    }

    private static String randomChars(Random rnd, int len) {
        String alphabet = "temporalbludownmaskgy:,=/'\" .-+0123456789eE\u0660\u0665\u00e9\t";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}

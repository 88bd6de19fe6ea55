package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.solvers.Solver;
import dev.vireo.solvers.Solvers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every convenience flag of {@code restore} against every method: it lands on the option of the same name
 * (the value it runs with changes to the one typed) or is refused with a message naming the method and the
 * option. Before the option tables, {@code --cg-steps} silently became dps's step count and admm-tv refused
 * it although it has CG steps.
 */
class MethodFlagsTest {
    /** flag → (option key, a value different from every method's default). */
    private static final Map<String, List<String>> FLAGS = Map.of(
            "--nfe", List.of("nfe", "7"),
            "--eta", List.of("eta", "0.5"),
            "--cg-steps", List.of("cg-steps", "3"),
            "--paper-exact", List.of("paper-exact", "true"));

    private static Map<String, String> parse(String method, String flag, String value) {
        RestoreCommand c = new RestoreCommand();
        List<String> args = new java.util.ArrayList<>(List.of("--input", "x.npy", "--output", "y.npy", "--degradation", "down:2",
                "--method", method, flag));
        if (!flag.equals("--paper-exact")) {
            args.add(value);
        }
        new CommandLine(c).parseArgs(args.toArray(String[]::new));
        return RestoreCommand.methodOptions(c.nfe, c.eta, c.cgSteps, c.paperExact, c.options);
    }

    @Test
    void everyFlagLandsOnItsOptionOrIsRefusedNamingTheMethod() {
        int landed = 0;
        int refused = 0;
        for (String method : Solvers.names()) {
            for (Map.Entry<String, List<String>> f : FLAGS.entrySet()) {
                String key = f.getValue().get(0);
                String value = f.getValue().get(1);
                Map<String, String> options = parse(method, f.getKey(), value);
                if (Solvers.table(method).has(key)) {
                    Solver s = Solvers.create(method, options);
                    Object ran = Solvers.describe(s).get(key);
                    assertEquals(value, String.valueOf(ran), method + " " + f.getKey());
                    assertTrue(!String.valueOf(Solvers.describe(Solvers.create(method)).get(key)).equals(value),
                            method + " " + key + ": the test value must differ from the default");
                    landed++;
                } else {
                    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Solvers.create(method, options),
                            method + " " + f.getKey());
                    assertTrue(e.getMessage().contains("method " + method) && e.getMessage().contains("'" + key + "'"), e.getMessage());
                    refused++;
                }
            }
        }
        assertEquals(24, landed + refused);
        assertTrue(landed >= 15 && refused >= 4, landed + " landed, " + refused + " refused");
    }

    @Test
    void cgStepsNoLongerOverwritesTheStepCountOfDpsAndReachesAdmmTv() {
        Map<String, String> o = parse("dps", "--cg-steps", "3");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Solvers.create("dps", o));
        assertTrue(e.getMessage().contains("method dps has no option 'cg-steps'"), e.getMessage());
        assertEquals(3, Solvers.describe(Solvers.create("admm-tv", parse("admm-tv", "--cg-steps", "3"))).get("cg-steps"));
        assertEquals(7, Solvers.describe(Solvers.create("dps", parse("dps", "--nfe", "7"))).get("nfe"));
        assertEquals(3, Solvers.describe(Solvers.create("cg", parse("cg", "--cg-steps", "3"))).get("cg-steps"));
    }

    @Test
    void runRecordsListEveryResolvedOption() {
        Map<String, Object> d = Solvers.describe(Solvers.create("svi", Map.of("gamma", "1.5")));
        assertEquals(1.5, d.get("gamma"));
        assertEquals(20, d.get("nfe"));
        assertEquals(5, d.get("cg-steps"));
        assertEquals(Solvers.table("svi").options().size(), d.size());
    }
}

package dev.vireo.cli;

import dev.vireo.solvers.OptionTable;
import dev.vireo.solvers.Solvers;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "methods", mixinStandardHelpOptions = true,
        description = {"List the restoration methods and every option each takes: name, range, default and meaning.",
            "The same names are restore's --nfe/--eta/--cg-steps/--paper-exact flags, its --option key=value pairs and",
            "the keys of bench suite files."},
        footer = {"", "Examples:", "  vireo methods", "  vireo methods svi"})
final class MethodsCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "METHOD", description = "Methods to list (default: all).")
    java.util.List<String> methods;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String m : methods == null || methods.isEmpty() ? Solvers.names() : methods) {
            OptionTable<?> table = Solvers.table(m);
            out.println(table.method() + ":");
            for (OptionTable.Option<?> o : table.options()) {
                out.printf(java.util.Locale.ROOT, "  %-15s %-8s %-22s default %-8s %s%n", o.name(), o.type(), o.range(),
                        String.valueOf(defaultOf(table, o.name())), o.doc());
            }
        }
        out.flush();
        return Main.OK;
    }

    private static Object defaultOf(OptionTable<?> table, String key) {
        return describeDefaults(table).get(key);
    }

    private static <R> java.util.Map<String, Object> describeDefaults(OptionTable<R> table) {
        return table.describe(table.defaults());
    }
}

package dev.vireo.cli;

import dev.vireo.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code vireo} command. Exit codes: 0 ok, 1 internal failure, 2 bad usage or bad
 * input (an {@link InvalidInputException} anywhere below is reported as one line).
 */
@Command(
        name = "vireo",
        mixinStandardHelpOptions = true,
        version = "vireo 0.1.0",
        description = "Restore degraded video with a pre-trained image diffusion prior (Kwon & Ye, ICLR 2025).",
        subcommands = {CommandLine.HelpCommand.class, RestoreCommand.class, DegradeCommand.class, EvalCommand.class, EstimateCommand.class,
                InfoCommand.class, MethodsCommand.class, ForwardCommand.class, BenchCommand.class, DemoCommand.class, TrainCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited by every subcommand, so it may come anywhere on the line. */
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an internal error.")
    void debug(boolean on) {
        debug = on;
    }

    private static boolean debug;

    /** Inherited like --debug; without it the device is chosen as for auto. */
    @CommandLine.Option(names = "--device", scope = CommandLine.ScopeType.INHERIT, paramLabel = "auto|cpu|cuda",
            description = "Compute device: auto (CUDA when this build finds a card, else the CPU; the default), cpu or cuda.")
    void device(String choice) {
        dev.vireo.tensor.Torch.selectDevice(choice);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        debug = false;
        dev.vireo.tensor.Torch.resetDevice();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    /** A flag picocli cannot parse: one line naming it and where to look, not the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException bad) {
                cl.getErr().println("vireo: " + bad.getMessage()); // an option's own check (e.g. --device) said why
                return BAD_INPUT;
            }
        }
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println("vireo: " + InvalidInputException.excerpt(e.getMessage()) + " (see '" + name + " --help')");
        return BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof InvalidInputException) {
                err.println("vireo: " + cause.getMessage());
                if (debug) {
                    e.printStackTrace(err);
                }
                return BAD_INPUT;
            }
            cause = cause.getCause();
        }
        if (debug) {
            err.println("vireo: internal error: " + e);
            e.printStackTrace(err);
        } else {
            err.println("vireo: internal error: " + e + " (run again with --debug for the stack trace)");
        }
        return INTERNAL;
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}

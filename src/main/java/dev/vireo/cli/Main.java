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
        subcommands = {CommandLine.HelpCommand.class, RestoreCommand.class, DegradeCommand.class, EvalCommand.class,
                InfoCommand.class, ForwardCommand.class, BenchCommand.class, DemoCommand.class, TrainCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof InvalidInputException) {
                err.println("vireo: " + cause.getMessage());
                return BAD_INPUT;
            }
            cause = cause.getCause();
        }
        err.println("vireo: internal error: " + e);
        e.printStackTrace(err);
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

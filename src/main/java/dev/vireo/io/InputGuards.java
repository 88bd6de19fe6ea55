package dev.vireo.io;

import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks every command makes before it reads anything, so that a mistyped path cannot destroy an input. */
public final class InputGuards {
    private InputGuards() {}

    /**
     * Refuses an output that resolves to one of the inputs: the same path, a symbolic link to it or a hard
     * link of it (null inputs are skipped).
     */
    public static void refuseOverwrite(Path output, Path... inputs) {
        if (output == null || !Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (Path in : inputs) {
            if (in != null && Files.exists(in) && sameFile(output, in)) {
                throw new InvalidInputException("output " + output + " is the input " + in
                        + " (the same file); writing it would destroy the input, choose another output path");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}

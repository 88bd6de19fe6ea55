package dev.vireo.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary copies of bundled checkpoints (libtorch reads files, the jar holds resources). A copy is named
 * after the process that made it, deleted once its weights are loaded (or at exit), and a copy whose
 * process is gone (a killed or crashed run) is deleted by the next run that makes one.
 */
final class TempCopies {
    private static final String PREFIX = "vireo-model-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*\\.pt");

    private TempCopies() {}

    static Path create(String model) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        removeOrphans(dir);
        Path tmp = Files.createTempFile(dir, PREFIX + ProcessHandle.current().pid() + "-" + model + "-", ".pt");
        tmp.toFile().deleteOnExit();
        return tmp;
    }

    static boolean isCopy(Path p) {
        return p.getFileName() != null && NAME.matcher(p.getFileName().toString()).matches()
                && p.getFileName().toString().startsWith(PREFIX + ProcessHandle.current().pid() + "-");
    }

    /** Deletes {@code p} if it is one of this process's copies. */
    static void delete(Path p) {
        if (isCopy(p)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the temporary model copy " + p, e);
            }
        }
    }

    /** Copies left by processes that no longer run. */
    static int removeOrphans(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*.pt")) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && !alive(m.group(1)) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // A temp folder we cannot list is not this run's problem; the copy is still made.
        }
        return removed;
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}

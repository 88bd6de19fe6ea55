package dev.vireo.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Every output is written to a temporary sibling and renamed into place, so an interrupted run never
 * leaves a truncated file that looks finished.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a complete file at the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path tmp) throws IOException;
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Path tmp = tempFor(abs);
        try {
            writer.writeTo(tmp);
            commit(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The hidden temporary sibling used for {@code target}: {@code .name.partial-PID.ext}. The extension is
     * kept last because encoders pick the container from it. For writers that stream into the file
     * themselves; finish with {@link #commit}.
     */
    public static Path tempFor(Path target) {
        Path abs = target.toAbsolutePath();
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : "";
        return abs.resolveSibling("." + (dot > 0 ? name.substring(0, dot) : name) + ".partial-"
                + ProcessHandle.current().pid() + ext);
    }

    /** Renames a finished temporary file over {@code target}, atomically where the file system allows. */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

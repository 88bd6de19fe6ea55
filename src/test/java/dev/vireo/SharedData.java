package dev.vireo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only ../shared folder (fixtures, models, clips) that sits beside the repository. */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        Path p = Path.of(System.getProperty("vireo.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared data folder not found at " + p);
        }
        return p;
    }

    public static Path fixture(String name) {
        return root().resolve("fixtures").resolve(name);
    }

    public static Path video(String name) {
        return root().resolve("data").resolve("videos").resolve(name);
    }
}

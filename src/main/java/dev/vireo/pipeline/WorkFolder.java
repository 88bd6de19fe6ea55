package dev.vireo.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The finished windows of a run, kept in a folder beside the output until the run ends, so that
 * {@code --resume} after a kill or power loss continues from the last finished window. A window's restored
 * frames depend only on the settings and the seed, so a resumed run writes the same frames as an
 * uninterrupted one. The folder names the settings it belongs to; resuming with other settings is refused.
 */
final class WorkFolder {
    private static final String KEY = "settings.json";
    private final Path dir;
    private final double fps;
    private final byte[] key;

    private WorkFolder(Path dir, double fps, byte[] key) {
        this.dir = dir;
        this.fps = fps;
        this.key = key;
    }

    /**
     * The work folder for {@code settings}: resumed when asked and it holds windows of the same settings,
     * otherwise started empty (what a previous run left there is removed). Nothing is created before the first
     * window is saved.
     */
    static WorkFolder open(Path dir, Map<String, Object> settings, boolean resume, double fps) throws IOException {
        Map<String, Object> key = new LinkedHashMap<>(settings);
        key.remove("resume");
        WorkFolder w = new WorkFolder(dir, fps, new ObjectMapper().writeValueAsBytes(key));
        Path keyFile = dir.resolve(KEY);
        if (resume && Files.isRegularFile(keyFile)) {
            if (!java.util.Arrays.equals(Files.readAllBytes(keyFile), w.key)) {
                throw new InvalidInputException(dir + " holds windows of a run with other settings; rerun without --resume to start over");
            }
            return w;
        }
        delete(dir);
        return w;
    }

    /** Window {@code w}'s restored frames, if an earlier run finished it. */
    Clip load(int w) throws IOException {
        Path p = file(w);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        Npy.Array a = Npy.read(p);
        return Clip.of(a.data(), a.shape(), fps);
    }

    void save(int w, Clip restored) throws IOException {
        if (!Files.isRegularFile(dir.resolve(KEY))) {
            AtomicFiles.write(dir.resolve(KEY), key);
        }
        AtomicFiles.write(file(w), tmp -> Npy.write(tmp, restored.data(), restored.shape()));
    }

    /** The run finished: its output is written, the windows are no longer needed. */
    void finish() throws IOException {
        delete(dir);
    }

    private Path file(int w) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "window-%06d.npy", w));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

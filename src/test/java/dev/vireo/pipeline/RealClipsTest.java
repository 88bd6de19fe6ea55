package dev.vireo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.cli.Main;
import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vireo restore` on every clip we ship for testing: mp4, raw .264 streams, and the 1280x720 one (resized by --max-size). */
class RealClipsTest {
    @Test
    void restoreWorksOnEveryBundledTestClip(@TempDir Path dir) throws Exception {
        List<Path> clips;
        try (Stream<Path> s = Files.list(SharedData.root().resolve("data/videos"))) {
            clips = s.filter(p -> p.toString().endsWith(".mp4") || p.toString().endsWith(".264")).sorted().toList();
        }
        assertTrue(clips.size() >= 10, "expected the shared clips, found " + clips);
        for (Path clip : clips) {
            Path out = dir.resolve(clip.getFileName() + ".out.mkv");
            int code = Main.run("restore", "--simulate", "--input", clip.toString(), "--frames", "3", "--max-size", "32",
                    "--degradation", "temporal:uniform:3", "--nfe", "2", "--output", out.toString(), "--quiet");
            assertEquals(0, code, clip.toString());
            Clip restored = Videos.read(out, ReadOptions.defaults());
            assertEquals(3, restored.frames(), clip.toString());
            assertTrue(Math.max(restored.width(), restored.height()) <= 32, clip + " " + restored.width() + "x" + restored.height());
        }
    }
}

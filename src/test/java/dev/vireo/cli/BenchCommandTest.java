package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The micro-benchmarks run and record their yardstick beside every figure (no timing is asserted). */
class BenchCommandTest {
    @Test
    void forwardBenchRecordsMsPerFrameBesideTheYardstick(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("forward.json");
        assertEquals(0, Main.run("bench", "forward", "--models", "vireo-tiny", "--sizes", "16", "--precisions", "fp32",
                "--batch", "2", "--repeats", "1", "--output", out.toString()));
        JsonNode rows = new ObjectMapper().readTree(out.toFile()).get("forward");
        assertEquals(1, rows.size());
        JsonNode r = rows.get(0);
        assertEquals("vireo-tiny", r.get("model").asText());
        assertTrue(r.get("ms_per_frame").asDouble() > 0 && r.get("conv3x3_ms").asDouble() > 0);
        assertEquals(r.get("ms_per_frame").asDouble() * 2 / r.get("conv3x3_ms").asDouble(),
                r.get("ratio_to_conv3x3").asDouble(), 1e-9);
    }

    @Test
    void operatorBenchTimesEveryOperatorBesideAForward(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ops.json");
        assertEquals(0, Main.run("bench", "operators", "--frames", "2", "--size", "32", "--repeats", "1",
                "--output", out.toString()));
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertTrue(json.get("operators_ms").size() >= 8, json.toString());
        json.get("operators_ms").forEach(v -> assertTrue(v.isNumber() && v.asDouble() > 0, "operator time " + v));
        assertTrue(json.get("vireo_base_forward_ms").asDouble() > 0);
    }
}

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
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode rows = json.get("forward");
        assertEquals(1, rows.size());
        JsonNode r = rows.get(0);
        assertEquals("vireo-tiny", r.get("model").asText());
        assertTrue(r.get("ms_per_frame").asDouble() > 0 && r.get("conv3x3_ms").asDouble() > 0);
        assertEquals(r.get("ms_per_frame").asDouble() * 2 / r.get("conv3x3_ms").asDouble(),
                r.get("ratio_to_conv3x3").asDouble(), 1e-9);
        if (r.has("pytorch_ms_per_frame")) {
            // The peer ran the same network on the same input: the same output, not just a similar timing.
            double v = r.get("mean_abs_out").asDouble();
            double p = r.get("pytorch_mean_abs_out").asDouble();
            assertEquals(v, p, 1e-5 * v, "Vireo mean |eps| " + v + " vs PyTorch " + p);
            assertEquals(r.get("ms_per_frame").asDouble() / r.get("pytorch_ms_per_frame").asDouble(),
                    r.get("ratio_to_pytorch").asDouble(), 1e-9);
        } else {
            assertTrue(json.get("peer").asText().contains("apt-get install python3-torch"), json.toString());
        }
    }

    @Test
    void forwardBenchWithoutPeerPrintsVireoRowsAlone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("forward.json");
        assertEquals(0, Main.run("bench", "forward", "--models", "vireo-tiny", "--sizes", "8x16", "--precisions", "bf16",
                "--batch", "1", "--repeats", "1", "--no-peer", "--output", out.toString()));
        JsonNode r = new ObjectMapper().readTree(out.toFile()).get("forward").get(0);
        assertEquals("8x16", r.get("size").asText());
        assertEquals("bf16", r.get("precision").asText());
        assertTrue(!r.has("pytorch_ms_per_frame"));
        assertEquals(2, Main.run("bench", "forward", "--models", "vireo-tiny", "--sizes", "64x", "--precisions", "fp32",
                "--batch", "1", "--repeats", "1", "--no-peer"));
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

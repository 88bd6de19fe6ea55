package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    private static final Path GT = SharedData.fixture("metrics_gt.npy");
    private static final Path NOISY = SharedData.fixture("metrics_noisy.npy");

    private static Clip read(Path p) throws Exception {
        Npy.Array a = Npy.read(p);
        return Clip.of(a.data(), a.shape(), 0);
    }

    @Test
    void writesJsonWithTheLibraryValues(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/eval.json");
        StringWriter printed = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(printed))
                .execute("eval", "--reference", GT.toString(), "--input", NOISY.toString(), "--crop", "4", "--json", out.toString());
        assertEquals(Main.OK, code);

        Evaluation lib = MetricSuite.standard(4).evaluate(read(NOISY), read(GT));
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        JsonNode mean = root.path("mean");
        assertEquals(Set.of("psnr", "ssim", "flicker", "tpsnr", "warp", "sharpness", "niqe"), fieldNames(mean));
        for (String k : List.of("psnr", "ssim", "flicker", "tpsnr")) {
            assertEquals(lib.mean(k), mean.path(k).asDouble(), 0, k);
        }
        JsonNode frames = root.path("frames");
        assertEquals(4, frames.size());
        for (int t = 0; t < 4; t++) {
            assertEquals(Set.of("psnr", "ssim", "sharpness", "niqe"), fieldNames(frames.get(t)));
            assertEquals(lib.series("psnr")[t], frames.get(t).path("psnr").asDouble(), 0);
            assertEquals(lib.series("ssim")[t], frames.get(t).path("ssim").asDouble(), 0);
        }
        assertEquals(3, root.path("transitions").size());
        assertEquals(4, root.path("crop").asInt());
        // The console table has a header, one row per frame and the mean line.
        String[] lines = printed.toString().strip().split("\n");
        assertEquals(6, lines.length, printed.toString());
        assertTrue(lines[5].startsWith("mean") && lines[5].contains("psnr=") && lines[5].contains("tpsnr="), lines[5]);
        assertFalse(Files.list(out.getParent()).anyMatch(p -> p.getFileName().toString().contains("partial")));
    }

    /**
     * A flat grey reference and an estimate with one jump of 0.1 at transition 5 (a window boundary for windows of 6
     * every 4 frames: boundary transitions 3, 4, 5, 7, 8, 9) and one of 0.04 at transition 1 (inside a window).
     */
    @Test
    void windowSplitReportsAJumpAtAWindowEdgeAsBoundaryFlicker(@TempDir Path dir) throws Exception {
        int n = 12;
        int frame = 3 * 32 * 32;
        float[] gt = new float[n * frame];
        float[] est = new float[n * frame];
        Arrays.fill(gt, 0.5f);
        for (int t = 0; t < n; t++) {
            float offset = (t >= 2 ? 0.04f : 0f) + (t >= 6 ? 0.1f : 0f);
            Arrays.fill(est, t * frame, (t + 1) * frame, 0.5f + offset);
        }
        Path g = dir.resolve("gt.npy");
        Path e = dir.resolve("est.npy");
        Npy.write(g, gt, n, 3, 32, 32);
        Npy.write(e, est, n, 3, 32, 32);
        Path out = dir.resolve("eval.json");
        StringWriter printed = new StringWriter();
        assertEquals(Main.OK, Main.commandLine().setOut(new PrintWriter(printed)).execute("eval", "--reference", g.toString(),
                "--input", e.toString(), "--window", "6", "--overlap", "2", "--json", out.toString()));
        JsonNode w = new ObjectMapper().readTree(out.toFile()).path("windows");
        assertEquals("[3,4,5,7,8,9]", w.path("boundary_transitions").toString());
        assertEquals(5, w.path("interior_transitions").asInt());
        // Flicker: one 0.1 step among 6 boundary transitions, one 0.04 step among 5 interior ones.
        assertEquals(0.1 / 6, w.path("boundary").path("flicker").asDouble(), 1e-6);
        assertEquals(0.04 / 5, w.path("interior").path("flicker").asDouble(), 1e-6);
        // tPSNR from the pooled MSE: 10·log10(6 / 0.01) and 10·log10(5 / 0.0016).
        assertEquals(10 * Math.log10(6 / 0.01), w.path("boundary").path("tpsnr").asDouble(), 1e-3);
        assertEquals(10 * Math.log10(5 / 0.0016), w.path("interior").path("tpsnr").asDouble(), 1e-3);
        String text = printed.toString();
        assertTrue(text.contains("6 transitions cross a window boundary, 5 inside windows"), text);
        assertTrue(text.contains("boundary  flicker=0.0167"), text);
        assertTrue(text.contains("interior  flicker=0.0080"), text);

        // Without overlap the windows start at 0 and 6: only transition 5 crosses, flicker 0.1 there.
        Path plain = dir.resolve("plain.json");
        assertEquals(Main.OK, Main.run("eval", "--reference", g.toString(), "--input", e.toString(), "--window", "6",
                "--overlap", "0", "--json", plain.toString()));
        JsonNode p = new ObjectMapper().readTree(plain.toFile()).path("windows");
        assertEquals("[5]", p.path("boundary_transitions").toString());
        assertEquals(0.1, p.path("boundary").path("flicker").asDouble(), 1e-6);
        assertEquals(0.04 / 10, p.path("interior").path("flicker").asDouble(), 1e-6);
        assertEquals(Main.BAD_INPUT, Main.run("eval", "--reference", g.toString(), "--input", e.toString(), "--overlap", "2"));
        assertEquals(Main.BAD_INPUT, Main.run("eval", "--reference", g.toString(), "--input", e.toString(), "--window", "6", "--overlap", "6"));
    }

    @Test
    void identicalClipsWriteInfinityAsDocumented(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("same.json");
        assertEquals(Main.OK, Main.run("eval", "--reference", GT.toString(), "--input", GT.toString(), "--json", out.toString()));
        JsonNode mean = new ObjectMapper().readTree(out.toFile()).path("mean");
        assertEquals("Infinity", mean.path("psnr").asText());
        assertEquals(Double.POSITIVE_INFINITY, mean.path("psnr").asDouble());
        assertEquals(1.0, mean.path("ssim").asDouble(), 1e-12);
        assertEquals(0.0, mean.path("flicker").asDouble(), 0);
    }

    @Test
    void mismatchedShapesExitWithCode2(@TempDir Path dir) throws Exception {
        Npy.Array gt = Npy.read(GT);
        long[] shape = gt.shape().clone();
        shape[0] = 3;
        Path shorter = dir.resolve("short.npy");
        Npy.write(shorter, Arrays.copyOf(gt.data(), (int) (gt.data().length / 4 * 3)), shape);
        StringWriter err = new StringWriter();
        Path out = dir.resolve("never.json");
        int code = Main.commandLine().setErr(new PrintWriter(err))
                .execute("eval", "--reference", GT.toString(), "--input", shorter.toString(), "--json", out.toString());
        assertEquals(Main.BAD_INPUT, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("shape mismatch"), err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingUnsupportedOrMisshapedFilesExitWithCode2(@TempDir Path dir) throws Exception {
        assertEquals(Main.BAD_INPUT, Main.run("eval", "--reference", GT.toString(), "--input", dir.resolve("none.npy").toString()));
        assertEquals(Main.BAD_INPUT, Main.run("eval", "--reference", GT.toString(), "--input", dir.resolve("clip.gif").toString()));
        float[] v = new float[2 * 16 * 16 * 3];
        Path channelsLast = dir.resolve("nhwc.npy");
        Npy.write(channelsLast, v, 2, 16, 16, 3);
        assertEquals(Main.BAD_INPUT, Main.run("eval", "--reference", channelsLast.toString(), "--input", channelsLast.toString()));
        Arrays.fill(v, 200f);
        Path eightBit = dir.resolve("u8.npy");
        Npy.write(eightBit, v, 2, 3, 16, 16);
        StringWriter err = new StringWriter();
        assertEquals(Main.BAD_INPUT, Main.commandLine().setErr(new PrintWriter(err))
                .execute("eval", "--reference", eightBit.toString(), "--input", eightBit.toString()));
        assertTrue(err.toString().contains("expected [0, 1]"), err.toString());
        assertEquals(Main.BAD_INPUT, Main.run("eval", "--reference", GT.toString(), "--input", GT.toString(), "--crop", "-1"));
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

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

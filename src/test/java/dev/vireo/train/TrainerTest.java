package dev.vireo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.model.AdmConfig;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    /** A two-level 16² network (about 0.3 M parameters) so that a step takes milliseconds. */
    static AdmConfig tiny() {
        return new AdmConfig.Builder().set("image_size", "16").set("num_channels", "32").set("channel_mult", "1,1")
                .set("num_res_blocks", "1").set("attention_ds", "2").set("num_head_channels", "32").build();
    }

    @BeforeAll
    static void threads() {
        Torch.setThreads(2);
    }

    /** Smooth random stills (so crops are not pure noise), 20x24 pixels. */
    static Path stills(Path dir, int count) throws Exception {
        Path d = Files.createDirectories(dir.resolve("stills"));
        Random r = new Random(7);
        for (int k = 0; k < count; k++) {
            BufferedImage img = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
            int c0 = r.nextInt(1 << 24);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 24; x++) {
                    int red = ((c0 >> 16) & 0xff) * x / 24;
                    int gr = ((c0 >> 8) & 0xff) * y / 20;
                    int b = (c0 & 0xff);
                    img.setRGB(x, y, (red << 16) | (gr << 8) | b);
                }
            }
            ImageIO.write(img, "png", d.resolve(String.format("img%02d.png", k)).toFile());
        }
        return d;
    }

    @Test
    void zeroOutputGivesTheNoiseEnergy() {
        DiffusionLoss loss = new DiffusionLoss(NoiseSchedule.linear(1000));
        try (PointerScope s = new PointerScope()) {
            Tensor x0 = torch.rand(new long[] {32, 3, 32, 32}, new TensorOptions(ScalarType.Float)).mul(Tensors.scalar(2)).sub(Tensors.scalar(1));
            double l = loss.loss((x, t) -> torch.zeros_like(x), x0, 123).item_double();
            // E‖ε‖² per element is 1; with 98,304 draws the sample mean is within ±0.5 % (1 σ).
            assertEquals(1.0, l, 0.01);
            // The network's input really is x_t: an identity "network" does not give the same number.
            double id = loss.loss((x, t) -> x, x0, 123).item_double();
            assertNotEquals(l, id, 0.05);
        }
    }

    @Test
    void stepsOnAFixedBatchLowerTheLoss() {
        AdmUNet net = Trainer.initialise(tiny(), 3);
        Map<String, Tensor> params = net.parameters();
        params.values().forEach(p -> p.requires_grad_(true));
        TensorVector v = new TensorVector();
        params.values().forEach(v::push_back);
        AdamW adam = new AdamW(v, new AdamWOptions(2e-3));
        DiffusionLoss loss = new DiffusionLoss(NoiseSchedule.linear(1000));
        Tensor x0;
        try (NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(5);
            x0 = torch.rand(new long[] {4, 3, 16, 16}, new TensorOptions(ScalarType.Float)).mul(Tensors.scalar(0.5));
        }
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < 30; i++) {
            try (PointerScope s = new PointerScope()) {
                Tensor l = loss.loss((x, t) -> net.forward(x, t, null), x0, 99); // same t and ε every step
                l.backward();
                adam.step();
                adam.zero_grad(true);
                last = l.item_double();
                if (i == 0) {
                    first = last;
                }
            }
        }
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }

    @Test
    void bf16AutocastChangesTheArithmeticButNotTheResult() {
        AdmUNet net = Trainer.initialise(tiny(), 6);
        DiffusionLoss loss = new DiffusionLoss(NoiseSchedule.linear(1000));
        // Non-zero output layers, so the output depends on the whole network.
        try (NoGradGuard g = new NoGradGuard()) {
            net.parameters().forEach((k, p) -> {
                if (k.startsWith("out.2.") || k.contains(".out_layers.3.") || k.contains(".proj_out.")) {
                    p.copy_(torch.randn(p.sizes().vec().get(), new TensorOptions(ScalarType.Float)).mul(Tensors.scalar(0.05)));
                }
            });
        }
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(2);
            Tensor x0 = torch.rand(new long[] {4, 3, 16, 16}, new TensorOptions(ScalarType.Float));
            double f32 = Trainer.autocast(Precision.FLOAT32, () -> loss.loss((x, t) -> net.forward(x, t, null), x0, 4)).item_double();
            double bf16 = Trainer.autocast(Precision.BFLOAT16, () -> loss.loss((x, t) -> net.forward(x, t, null), x0, 4)).item_double();
            assertNotEquals(f32, bf16, 1e-7, "autocast ran in bf16");
            assertEquals(f32, bf16, 0.02 * f32);
        }
    }

    private static TrainOptions options(Path out, int steps, int every, boolean resume, Precision p) {
        return new TrainOptions(out, steps, 3, 1e-3, 0.01, 0.9, 11, every, p, 2, 0, 2, resume, 100, 0);
    }

    private static double maxDiff(Map<String, Tensor> a, Map<String, Tensor> b) {
        double m = 0;
        for (String k : a.keySet()) {
            m = Math.max(m, Tensors.maxAbsDiff(a.get(k), b.get(k)));
        }
        return m;
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path data = stills(dir, 5);
        TrainingData d = TrainingData.load(List.of(data), 1, -1, "none", 16);
        java.io.PrintWriter quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());

        Trainer whole = new Trainer(Trainer.initialise(tiny(), 1), "new", d, options(dir.resolve("a.pt"), 4, 0, false,
                Precision.FLOAT32), Map.of());
        whole.run(quiet);

        Trainer first = new Trainer(Trainer.initialise(tiny(), 1), "new", d, options(dir.resolve("b.pt"), 2, 0, false,
                Precision.FLOAT32), Map.of());
        first.run(quiet);
        Trainer second = new Trainer(Trainer.initialise(tiny(), 2), "new", d, options(dir.resolve("b.pt"), 4, 0, true,
                Precision.FLOAT32), Map.of());
        second.resume();
        assertEquals(2, second.step());
        second.run(quiet);

        assertEquals(0.0, maxDiff(whole.weights(), second.weights()));
        assertEquals(0.0, maxDiff(whole.emaWeights(), second.emaWeights()));
        assertEquals(whole.losses(), second.losses());
        // Training moved the weights, and the EMA differs from the raw weights.
        assertTrue(maxDiff(whole.weights(), Trainer.initialise(tiny(), 1).parameters()) > 1e-4);
        assertTrue(maxDiff(whole.weights(), whole.emaWeights()) > 1e-6);
        assertFalse(Files.exists(dir.resolve(".a.partial-" + ProcessHandle.current().pid() + ".pt")));
    }

    @Test
    void savedPriorLoadsAndGivesTheSameForward(@TempDir Path dir) throws Exception {
        TrainingData d = TrainingData.load(List.of(stills(dir, 3)), 1, -1, "none", 16);
        for (String name : List.of("p.pt", "p2.safetensors")) {
            Path out = dir.resolve(name);
            Trainer t = new Trainer(Trainer.initialise(tiny(), 4), "new", d, options(out, 2, 0, false, Precision.BFLOAT16),
                    Map.of());
            t.run(new java.io.PrintWriter(java.io.Writer.nullWriter()));
            AdmUNet loaded = Models.load(out.toString(), null); // flags from the JSON beside it
            AdmUNet ema = new AdmUNet(tiny(), (k, shape) -> t.emaWeights().get(k));
            try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                torch.manual_seed(8);
                Tensor x = torch.randn(new long[] {2, 3, 16, 16}, new TensorOptions(ScalarType.Float));
                Tensor tt = Tensors.fromFloats(new float[] {10, 700}, 2);
                Tensor a = loaded.forward(x, tt, null);
                Tensor b = ema.forward(x, tt, null);
                assertEquals(0.0, Tensors.maxAbsDiff(a, b), name);
                assertTrue(a.abs().mean().item_double() > 1e-6, "the zero-initialised output layer was trained");
            }
            assertTrue(Files.size(dir.resolve(name.replaceFirst("\\.[a-z]+$", ".train.json"))) > 100);
            assertTrue(Files.size(dir.resolve(name.replaceFirst("\\.[a-z]+$", ".loss.png"))) > 1000);
        }
    }
}

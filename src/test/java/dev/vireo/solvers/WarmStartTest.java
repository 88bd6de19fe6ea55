package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.model.Prior;
import dev.vireo.operators.FrameSubsample;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class WarmStartTest {
    private static final long[] SHAPE = {8, 3, 8, 8};

    /** A nonlinear ε̂ of magnitude up to about 1, the same for every frame's own values. */
    private static Prior model() {
        return TestOps.model(3, (x, t) -> x.mul(x).mul(Tensors.scalar(0.1)).add(x, Tensors.scalar(0.5)));
    }

    private static Tensor clean() {
        return Tensors.fromFloats(TestOps.smoothClip(8, 8, 8), SHAPE);
    }

    /** A start clip unlike the clean one: the clean clip's frames in reverse order, dimmed. */
    private static Tensor start() {
        float[] c = TestOps.smoothClip(8, 8, 8);
        int f = 3 * 8 * 8;
        float[] s = new float[c.length];
        for (int n = 0; n < 8; n++) {
            for (int i = 0; i < f; i++) {
                s[n * f + i] = 0.8f * c[(7 - n) * f + i];
            }
        }
        return Tensors.fromFloats(s, SHAPE);
    }

    private static Solver svi(String warmStart) {
        return Solvers.create("svi", Map.of("warm-start", warmStart));
    }

    @Test
    void warmStartAtZeroReturnsTheStartClipProjectedOnTheMeasurement() {
        LinearOperator a = new FrameSubsample(2, 0, 8);
        Tensor y = a.apply(clean());
        Tensor start = start();
        List<Integer> totals = new ArrayList<>();
        Tensor out = svi("0").solve(new Problem(y, a, SHAPE, 0, model(), start), NoiseSources.shared(4), (step, total) -> totals.add(total));
        assertEquals(List.of(1), totals, "t0 = 0 is the grid's last step: one network evaluation");
        // The projection: kept frames from the measurement, the others from the start clip.
        Tensor projected = start.add(a.adjoint(y.sub(a.apply(start))));
        double psnr = TestOps.psnr(out, projected);
        // The start is diffused to t = 0 (√(1−ᾱ₀) = 0.01) and denoised: what is left is far below 8-bit steps.
        assertTrue(psnr > 40, "PSNR to the projected start " + psnr);
        assertTrue(Tensors.maxAbsDiff(a.apply(out), y) < 1e-4, "kept frames equal the measurement");
        assertTrue(TestOps.psnr(out, clean()) < 25, "the missing frames came from the start clip, not the clean clip");
    }

    @Test
    void warmStartDiffusesTheStartClipWithTheRunsNoiseAndSkipsTheEarlyGrid() {
        LinearOperator a = new FrameSubsample(2, 0, 8);
        Tensor e = Tensors.fromFloats(TestOps.smoothClip(1, 8, 8), 1, 3, 8, 8).mul(Tensors.scalar(2.0)).sub(Tensors.scalar(1.0));
        Tensor steps = Tensors.fromFloats(new float[20 * 3 * 64], 20, 1, 3, 8, 8);
        List<Integer> ts = new ArrayList<>();
        List<float[]> firstX = new ArrayList<>();
        Prior recording = TestOps.model(3, (x, t) -> {
            if (ts.isEmpty()) {
                firstX.add(Tensors.toFloats(x));
            }
            ts.add(t);
            return x.mul(Tensors.scalar(0.0));
        });
        List<Integer> totals = new ArrayList<>();
        svi("0.3").solve(new Problem(a.apply(clean()), a, SHAPE, 0, recording, start()), NoiseSources.given(e, steps),
                (step, total) -> totals.add(total));
        // 20 NFE on the reference grid 950, 900, …, 0: the first time ≤ 0.3·1000 is 300, then 250, …, 0.
        assertEquals(List.of(300, 250, 200, 150, 100, 50, 0), ts);
        assertEquals(7, totals.get(0));
        double ab = NoiseSchedule.linear(1000).alphaBar(300);
        Tensor want = Steps.toModel(start()).mul(Tensors.scalar(Math.sqrt(ab))).add(e.expand(SHAPE), Tensors.scalar(Math.sqrt(1 - ab)));
        assertTrue(Tensors.maxAbsDiff(Tensors.fromFloats(firstX.get(0), SHAPE), want) < 1e-5,
                "x_t0 = √ᾱ x_init + √(1−ᾱ) e with the source's one shared image");
    }

    @Test
    void aWarmStartWithoutAStartClipOrOutOfRangeIsRefused() {
        LinearOperator a = new FrameSubsample(2, 0, 8);
        Problem noStart = new Problem(a.apply(clean()), a, SHAPE, 0, model());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> svi("0.5").solve(noStart, NoiseSources.shared(0), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("start clip"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> svi("1.5"));
        assertThrows(InvalidInputException.class, () -> Solvers.create("cg", Map.of("warm-start", "0.5")));
        assertThrows(InvalidInputException.class, () -> new Problem(a.apply(clean()), a, SHAPE, 0, model(),
                Tensors.fromFloats(new float[3 * 64], 1, 3, 8, 8)));
        assertTrue(svi("0.5").usesStart());
        assertTrue(!Solvers.create("svi").usesStart(), "the default starts from noise");
    }
}

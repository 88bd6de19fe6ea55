package dev.vireo.bench;

import dev.vireo.operators.Boundary;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.operators.SpatialBlur;
import dev.vireo.tensor.Torch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Timing of A followed by Aᵀ per operator, for the benchmark harness (not a test). */
public final class OperatorBenchmark {
    /** The clip the paper restores: 16 frames of 256×256 RGB. */
    public static final long[] PAPER_CLIP = {16, 3, 256, 256};

    /** One spec per operator kind and path, plus the paper's compositions. */
    public static final List<String> SPECS = List.of(
            "identity",
            "temporal:uniform:7",
            "temporal:uniform:13",
            "temporal:uniform:7:pad=reflect",
            "temporal:gaussian:1:7",
            "blur:gaussian:2.0:61",
            "blur:gaussian:2.0:61:pad=circular",
            "blur:gaussian:2.0:13",
            "blur:box:9",
            "blur:motion:9:30",
            "blur:motion:21:30",
            "blur:motion:21:30:pad=circular",
            "down:4",
            "down:4:bicubic",
            "mask:random:0.5",
            "mask:random:0.5:per=frame",
            "subsample:2",
            "grey",
            "temporal:uniform:7,down:4",
            "temporal:uniform:7,blur:gaussian:2.0:61,down:4",
            "temporal:uniform:7,mask:random:0.5");

    private OperatorBenchmark() {}

    /** Median milliseconds of apply + adjoint on {@link #PAPER_CLIP} for every entry of {@link #SPECS}. */
    public static Map<String, Double> run(int repeats) {
        return run(PAPER_CLIP, repeats, SPECS);
    }

    /**
     * Median milliseconds (after one warm-up) of A then Aᵀ on a random float32 clip of {@code shape} on
     * the compute device, for each spec, plus a 61×61 non-separable kernel (FFT path).
     */
    public static Map<String, Double> run(long[] shape, int repeats, List<String> specs) {
        Torch.load();
        Map<String, Double> out = new LinkedHashMap<>();
        try (NoGradGuard g = new NoGradGuard(); PointerScope outer = new PointerScope()) {
            Tensor x = torch.rand(shape, new TensorOptions(ScalarType.Float)).to(Torch.device(), ScalarType.Float);
            for (String spec : specs) {
                out.put(spec, time(Degradations.parse(spec, shape), x, repeats));
            }
            double[][] k = new double[61][61];
            Random r = new Random(0);
            for (double[] row : k) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextDouble();
                }
            }
            out.put("blur:61x61 non-separable (fft)", time(SpatialBlur.of("random61", k, Boundary.REFLECT), x, repeats));
        }
        return out;
    }

    private static double time(LinearOperator a, Tensor x, int repeats) {
        Supplier<Double> once = () -> {
            try (PointerScope s = new PointerScope()) {
                long t0 = System.nanoTime();
                Tensor y = a.adjoint(a.apply(x));
                if (y.is_cuda()) {
                    torch.cuda_synchronize();
                } else {
                    y.sum().item_double();
                }
                return (System.nanoTime() - t0) / 1e6;
            }
        };
        once.get();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < Math.max(1, repeats); i++) {
            times.add(once.get());
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        run(repeats).forEach((k, v) -> System.out.printf("%-50s %9.1f ms%n", k, v));
    }
}

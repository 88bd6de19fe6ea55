package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Helpers shared by the operator tests. */
final class OpsTesting {
    private OpsTesting() {}

    /** Uniform(−1, 1) values as a float64 tensor on the compute device. */
    static Tensor random(Random r, long... shape) {
        double[] d = new double[(int) Tensors.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * r.nextDouble() - 1;
        }
        return doubles(d, shape);
    }

    static Tensor doubles(double[] d, long... shape) {
        return Params.cpuDoubles(d, shape).to(Torch.device(), ScalarType.Double);
    }

    static double[] values(Tensor t) {
        Tensor c = t.to(new org.bytedeco.pytorch.Device("cpu"), ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        c.data_ptr_double().get(out);
        return out;
    }

    /**
     * |⟨Ax, y⟩ − ⟨x, Aᵀy⟩| / (‖Ax‖·‖y‖) for random float64 x, y; also checks the shapes of Ax and Aᵀy.
     */
    static double adjointGap(LinearOperator a, long[] shape, Random r) {
        Tensor x = random(r, shape);
        Tensor ax = a.apply(x);
        long[] out = a.outputShape(shape);
        assertArrayEquals(out, Tensors.shape(ax), () -> a.spec() + " output shape " + Arrays.toString(shape));
        Tensor y = random(r, out);
        Tensor aty = a.adjoint(y);
        assertArrayEquals(shape, Tensors.shape(aty), () -> a.spec() + " adjoint shape");
        double lhs = Tensors.dot(ax, y);
        double rhs = Tensors.dot(x, aty);
        double scale = Math.sqrt(Tensors.dot(ax, ax) * Tensors.dot(y, y));
        return Math.abs(lhs - rhs) / Math.max(scale, 1e-300);
    }
}

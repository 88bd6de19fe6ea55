package dev.vireo.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Moving data between Java arrays and libtorch tensors, and small helpers every package needs. */
public final class Tensors {
    private Tensors() {}

    /** A float32 tensor on the compute device holding a copy of {@code data}. */
    public static Tensor fromFloats(float[] data, long... shape) {
        return onCpu(data, shape).to(Torch.device(), ScalarType.Float);
    }

    /** A float32 CPU tensor holding a copy of {@code data}. */
    public static Tensor onCpu(float[] data, long... shape) {
        Torch.load();
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " values, array has " + data.length);
        }
        try (FloatPointer p = new FloatPointer(data)) {
            // from_blob does not own p; clone() copies into libtorch-owned memory before p is freed.
            return torch.from_blob(p, shape, new TensorOptions(ScalarType.Float)).clone();
        }
    }

    /** The values of {@code t} as float32, in C order, copied to the Java heap. */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.to(new org.bytedeco.pytorch.Device("cpu"), ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        c.data_ptr_float().get(out);
        return out;
    }

    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    public static long numel(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    public static Scalar scalar(double v) {
        return new Scalar(v);
    }

    /**
     * Inner product over all elements of two same-sized tensors, in float64: float64 copies and one BLAS
     * dot, which runs outside libtorch's thread pool (OpenBLAS's dsdot on the float32 data would be cheaper
     * but was off by 1e-7 relative, float32 accumulation). For ⟨r, r⟩ the copy is made once.
     */
    public static double dot(Tensor a, Tensor b) {
        Tensor ad = a.to(ScalarType.Double).reshape(-1);
        Tensor bd = a.equals(b) ? ad : b.to(ScalarType.Double).reshape(-1);
        return torch.dot(ad, bd).item_double();
    }

    public static double maxAbsDiff(Tensor a, Tensor b) {
        return a.to(ScalarType.Double).sub(b.to(ScalarType.Double)).abs().max().item_double();
    }

    public static Tensor zeros(long... shape) {
        Torch.load();
        return torch.zeros(shape, new TensorOptions(ScalarType.Float).device(new org.bytedeco.pytorch.DeviceOptional(Torch.device())));
    }
}

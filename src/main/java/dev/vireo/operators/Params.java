package dev.vireo.operators;

import dev.vireo.tensor.Torch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Operator parameters (kernels, masks, index maps) live as Java arrays and are turned into tensors on
 * the device and in the dtype of the tensor they meet, once per (key, device, dtype). The cached
 * tensors hold an extra reference so that a caller's PointerScope cannot free them.
 */
final class Params {
    private static final int CAPACITY = 32;
    private final Map<String, Tensor> cache = new LinkedHashMap<>(16, 0.75f, true);

    /** Float parameter in {@code like}'s device and dtype. */
    Tensor get(String key, Tensor like, Supplier<Tensor> cpuDouble) {
        return compute(key, like, l -> cpuDouble.get().to(l.device(), l.scalar_type()));
    }

    /** A tensor derived from {@code like}'s device and dtype by {@code make}, computed once. */
    synchronized Tensor compute(String key, Tensor like, Function<Tensor, Tensor> make) {
        String full = key + '|' + like.device().str().getString() + '|' + like.scalar_type();
        Tensor t = cache.get(full);
        if (t == null) {
            t = make.apply(like);
            put(full, t);
        }
        return t;
    }

    /** Integer index tensor on {@code like}'s device. */
    synchronized Tensor index(String key, Tensor like, Supplier<long[]> values) {
        String full = key + "|idx|" + like.device().str().getString();
        Tensor t = cache.get(full);
        if (t == null) {
            long[] v = values.get();
            try (LongPointer p = new LongPointer(v)) {
                t = torch.from_blob(p, new long[] {v.length}, new TensorOptions(ScalarType.Long)).clone()
                        .to(like.device(), ScalarType.Long);
            }
            put(full, t);
        }
        return t;
    }

    private void put(String key, Tensor t) {
        t.retainReference();
        cache.put(key, t);
        if (cache.size() > CAPACITY) {
            var it = cache.entrySet().iterator();
            it.next().getValue().releaseReference();
            it.remove();
        }
    }

    /** A float64 CPU tensor holding a copy of {@code data}. */
    static Tensor cpuDoubles(double[] data, long... shape) {
        Torch.load();
        try (DoublePointer p = new DoublePointer(data)) {
            return torch.from_blob(p, shape, new TensorOptions(ScalarType.Double)).clone();
        }
    }

    static double[] flip(double[] taps) {
        double[] f = new double[taps.length];
        for (int i = 0; i < taps.length; i++) {
            f[i] = taps[taps.length - 1 - i];
        }
        return f;
    }
}

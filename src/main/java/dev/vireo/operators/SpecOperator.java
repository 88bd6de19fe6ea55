package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;

/**
 * Base of the built-in operators: two operators are equal when their canonical specs are equal (the
 * spec names every parameter, so it identifies the operator).
 */
abstract class SpecOperator implements LinearOperator {
    @Override
    public boolean equals(Object o) {
        return o instanceof LinearOperator other && o.getClass() == getClass() && spec().equals(other.spec());
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }

    /** Validates the shape of {@code x} (through outputShape) and returns its shape. */
    final long[] check(Tensor x) {
        long[] s = Tensors.shape(x);
        outputShape(s);
        return s;
    }

    static long[] clipShape(long[] shape) {
        if (shape.length != 4) {
            throw new InvalidInputException("a clip must be [frames, channels, height, width], got "
                    + Arrays.toString(shape));
        }
        for (long d : shape) {
            if (d < 1) {
                throw new InvalidInputException("a clip must have positive sizes, got " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    /** Shortest decimal that parses back to exactly {@code v}; integers without ".0". */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    /** ":pad=NAME" unless the boundary is the operator's default. */
    static String padOption(Boundary b, Boundary dflt) {
        return b == dflt ? "" : ":pad=" + b.specName();
    }
}

package dev.vireo.model.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a checkpoint as its header describes it, before any data is read.
 *
 * @param dtype the stored element type: F32, F16, BF16 or F64
 */
public record TensorInfo(String name, String dtype, long[] shape) {
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    public String shapeText() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}

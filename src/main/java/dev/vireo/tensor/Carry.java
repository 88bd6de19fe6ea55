package dev.vireo.tensor;

import org.bytedeco.pytorch.Tensor;

/**
 * A tensor carried from one loop iteration to the next past the iteration's {@code PointerScope}: the state of
 * a sampler (x_t), replaced each step and released when the carry closes, also when a step throws. The one
 * way tensors outlive a scope here; scoped code needs nothing else. Compute what a carry holds inside a
 * {@code PointerScope}, so that the intermediates of that computation are freed with the scope.
 */
public final class Carry implements AutoCloseable {
    private Tensor held;

    /** Holds nothing yet; {@link #set} inside the scope that computes the first value. */
    public Carry() {}

    public Carry(Tensor initial) {
        set(initial);
    }

    public Tensor get() {
        return held;
    }

    /** Holds {@code next} and releases what was held. */
    public void set(Tensor next) {
        next.retainReference();
        Tensor old = held;
        held = next;
        if (old != null) {
            old.releaseReference();
        }
    }

    /**
     * Hands the held tensor to the caller with its reference kept (freed when the garbage collector drops it or
     * the caller releases it); the carry then holds nothing.
     */
    public Tensor take() {
        Tensor t = held;
        held = null;
        return t;
    }

    @Override
    public void close() {
        if (held != null) {
            held.releaseReference();
            held = null;
        }
    }
}

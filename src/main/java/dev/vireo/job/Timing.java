package dev.vireo.job;

import dev.vireo.model.ForwardingPrior;
import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Torch;
import org.bytedeco.pytorch.Tensor;

/**
 * Wrappers that add up the wall time spent in the prior and in the operator, so a solve's time splits into
 * network, operator and the rest. libtorch on the CPU is synchronous, so wall time around a call is its
 * cost; on CUDA each clock read waits for the device first ({@link Torch#synchronize}).
 */
final class Timing {
    private Timing() {}

    /** The clock, read once the device has finished what was queued before. */
    static long now() {
        Torch.synchronize();
        return System.nanoTime();
    }

    /** Adds up the wall time of the calls made through it. */
    static final class Clock {
        long nanos;

        Tensor time(java.util.function.Supplier<Tensor> call) {
            long t0 = now();
            try {
                return call.get();
            } finally {
                nanos += now() - t0;
            }
        }
    }

    static final class TimedPrior extends ForwardingPrior {
        final Clock clock = new Clock();

        TimedPrior(Prior inner) {
            super(inner);
        }

        @Override
        public Tensor epsilon(Tensor x, int t) {
            return clock.time(() -> inner.epsilon(x, t));
        }
    }

    static final class TimedOperator implements LinearOperator {
        private final LinearOperator inner;
        final Clock clock = new Clock();

        TimedOperator(LinearOperator inner) {
            this.inner = inner;
        }

        @Override
        public Tensor apply(Tensor x) {
            return clock.time(() -> inner.apply(x));
        }

        @Override
        public Tensor adjoint(Tensor y) {
            return clock.time(() -> inner.adjoint(y));
        }

        @Override
        public Tensor normal(Tensor x) {
            return clock.time(() -> inner.normal(x));
        }

        @Override
        public long[] outputShape(long[] inputShape) {
            return inner.outputShape(inputShape);
        }

        @Override
        public String spec() {
            return inner.spec();
        }
    }
}

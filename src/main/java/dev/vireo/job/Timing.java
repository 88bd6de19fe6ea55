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

    static final class TimedPrior extends ForwardingPrior {
        long nanos;

        TimedPrior(Prior inner) {
            super(inner);
        }

        @Override
        public Tensor epsilon(Tensor x, int t) {
            long t0 = now();
            try {
                return inner.epsilon(x, t);
            } finally {
                nanos += now() - t0;
            }
        }
    }

    static final class TimedOperator implements LinearOperator {
        private final LinearOperator inner;
        long nanos;

        TimedOperator(LinearOperator inner) {
            this.inner = inner;
        }

        @Override
        public Tensor apply(Tensor x) {
            long t0 = now();
            try {
                return inner.apply(x);
            } finally {
                nanos += now() - t0;
            }
        }

        @Override
        public Tensor adjoint(Tensor y) {
            long t0 = now();
            try {
                return inner.adjoint(y);
            } finally {
                nanos += now() - t0;
            }
        }

        @Override
        public Tensor normal(Tensor x) {
            long t0 = now();
            try {
                return inner.normal(x);
            } finally {
                nanos += now() - t0;
            }
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

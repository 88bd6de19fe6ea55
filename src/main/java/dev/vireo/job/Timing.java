package dev.vireo.job;

import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.NoiseSchedule;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Wrappers that add up the wall time spent in the prior and in the operator, so a solve's time splits into
 * network, operator and the rest. libtorch on the CPU is synchronous, so wall time around a call is its
 * cost (a GPU build synchronises the device before reading the clock).
 */
final class Timing {
    private Timing() {}

    static final class TimedPrior implements Prior {
        private final Prior inner;
        long nanos;

        TimedPrior(Prior inner) {
            this.inner = inner;
        }

        @Override
        public Tensor epsilon(Tensor x, int t) {
            long t0 = System.nanoTime();
            try {
                return inner.epsilon(x, t);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }

        @Override
        public NoiseSchedule schedule() {
            return inner.schedule();
        }

        @Override
        public int channels() {
            return inner.channels();
        }

        @Override
        public int sizeMultiple() {
            return inner.sizeMultiple();
        }

        @Override
        public int trainingSize() {
            return inner.trainingSize();
        }

        @Override
        public long parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public long weightBytes() {
            return inner.weightBytes();
        }

        @Override
        public long activationBytesPerFrame(int height, int width) {
            return inner.activationBytesPerFrame(height, width);
        }

        @Override
        public Map<String, Object> provenance() {
            return inner.provenance();
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
            long t0 = System.nanoTime();
            try {
                return inner.apply(x);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }

        @Override
        public Tensor adjoint(Tensor y) {
            long t0 = System.nanoTime();
            try {
                return inner.adjoint(y);
            } finally {
                nanos += System.nanoTime() - t0;
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

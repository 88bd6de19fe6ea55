package dev.vireo.bench;

import dev.vireo.model.DiffusionModel;
import dev.vireo.operators.LinearOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * Wrappers that add up the wall time spent in the network and in the operator, so a run's time can be
 * split between them. libtorch on the CPU is synchronous, so wall time around a call is its cost (a GPU
 * build would need a device synchronise here).
 */
final class Timed {
    private Timed() {}

    static final class Model implements DiffusionModel {
        private final DiffusionModel inner;
        long nanos;

        Model(DiffusionModel inner) {
            this.inner = inner;
        }

        @Override
        public Tensor forward(Tensor x, Tensor t) {
            long t0 = System.nanoTime();
            try {
                return inner.forward(x, t);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }

        @Override
        public int inChannels() {
            return inner.inChannels();
        }

        @Override
        public int sizeMultiple() {
            return inner.sizeMultiple();
        }

        @Override
        public long parameterCount() {
            return inner.parameterCount();
        }
    }

    static final class Operator implements LinearOperator {
        private final LinearOperator inner;
        long nanos;

        Operator(LinearOperator inner) {
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

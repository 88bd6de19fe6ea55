package dev.vireo.solvers;

import dev.vireo.tensor.Carry;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * The classical baselines (cg, admm-tv): no model, an immutable options record, the same constant start
 * and the same clamping of the result, so that they differ only in their iteration.
 */
abstract class PriorFreeSolver<O> implements Solver {
    private final O options;

    PriorFreeSolver(O options) {
        this.options = options;
    }

    @Override
    public final O options() {
        return options;
    }

    @Override
    public final boolean needsPrior() {
        return false;
    }

    /** The start: a constant mid-grey clip (0.5), which biases no pixel toward either end of [0, 1]. */
    static Tensor greyStart(long[] shape) {
        return Tensors.zeros(shape).add(Tensors.scalar(0.5));
    }

    /** The result clamped to the clip domain [0, 1], kept past the enclosing scope. */
    static Tensor clipResult(Tensor x) {
        try (Carry result = new Carry(Steps.clamp(x, 0, 1))) {
            return result.take();
        }
    }
}

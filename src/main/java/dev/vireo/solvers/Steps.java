package dev.vireo.solvers;

import dev.vireo.InvalidInputException;
import dev.vireo.model.Prior;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** Pieces shared by the solvers: prior calls and domain maps. */
final class Steps {
    private Steps() {}

    /** ε̂ for all frames at timestep t, in micro-batches of {@code microBatch} frames (0 = all at once). */
    static Tensor epsilon(Prior prior, Tensor x, int t, int microBatch) {
        int n = (int) Tensors.shape(x)[0];
        if (microBatch <= 0 || microBatch >= n) {
            return prior.epsilon(x, t);
        }
        TensorVector parts = new TensorVector();
        for (int s = 0; s < n; s += microBatch) {
            int len = Math.min(microBatch, n - s);
            parts.push_back(prior.epsilon(x.narrow(0, s, len), t));
        }
        return torch.cat(parts, 0);
    }

    /** Tweedie: x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t. */
    static Tensor tweedie(Tensor x, Tensor eps, double alphaBar) {
        return x.sub(eps, Tensors.scalar(Math.sqrt(1.0 - alphaBar))).div(Tensors.scalar(Math.sqrt(alphaBar)));
    }

    static Tensor clamp(Tensor x, double lo, double hi) {
        return x.clamp(new ScalarOptional(new Scalar(lo)), new ScalarOptional(new Scalar(hi)));
    }

    /** [−1, 1] → [0, 1]. */
    static Tensor toClip(Tensor x) {
        return x.add(Tensors.scalar(1.0)).mul(Tensors.scalar(0.5));
    }

    /** [0, 1] → [−1, 1]. */
    static Tensor toModel(Tensor x) {
        return x.mul(Tensors.scalar(2.0)).sub(Tensors.scalar(1.0));
    }

    static void checkGrid(TimeGrid grid, NoiseSchedule schedule) {
        for (int i = 0; i < grid.size(); i++) {
            if (grid.t(i) >= schedule.steps() || grid.next(i) >= grid.t(i) || grid.next(i) < -1) {
                throw new InvalidInputException("time grid step " + grid.t(i) + " → " + grid.next(i)
                        + " is not a descending pair within 0.." + (schedule.steps() - 1));
            }
        }
    }

}

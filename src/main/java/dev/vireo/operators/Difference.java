package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Forward differences along one axis of [N, C, H, W]: (D x)[i] = x[i+1] − x[i], one element shorter; the
 * building block of total variation (admm-tv). Not part of the degradation grammar.
 */
public record Difference(int dim) implements LinearOperator {
    public Difference {
        if (dim < 0 || dim > 3) {
            throw new InvalidInputException("difference axis must be 0..3, got " + dim);
        }
    }

    @Override
    public Tensor apply(Tensor x) {
        long n = Tensors.shape(x)[dim];
        return x.narrow(dim, 1, n - 1).sub(x.narrow(dim, 0, n - 1));
    }

    /** (Dᵀz)[i] = z[i−1] − z[i] with z[−1] = z[n−1] = 0. */
    @Override
    public Tensor adjoint(Tensor z) {
        Tensor zero = torch.zeros_like(z.narrow(dim, 0, 1));
        return torch.cat(new TensorVector(zero, z), dim).sub(torch.cat(new TensorVector(z, zero), dim));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        if (inputShape[dim] < 2) {
            throw new InvalidInputException("a difference along axis " + dim + " needs at least 2 elements");
        }
        long[] s = inputShape.clone();
        s[dim]--;
        return s;
    }

    @Override
    public String spec() {
        return "difference:" + dim;
    }
}

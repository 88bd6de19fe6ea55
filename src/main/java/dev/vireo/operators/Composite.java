package dev.vireo.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Tensor;

/** A = A_k ∘ … ∘ A_1 for the parts A_1, …, A_k in written order; Aᵀ = A_1ᵀ ∘ … ∘ A_kᵀ. */
public final class Composite implements LinearOperator {
    private final List<LinearOperator> parts;

    public Composite(List<? extends LinearOperator> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a composition needs at least one operator");
        }
        List<LinearOperator> flat = new ArrayList<>();
        for (LinearOperator p : parts) {
            if (p instanceof Composite c) {
                flat.addAll(c.parts);
            } else {
                flat.add(p);
            }
        }
        this.parts = List.copyOf(flat);
    }

    /** The parts in the order they are applied. */
    public List<LinearOperator> parts() {
        return parts;
    }

    @Override
    public Tensor apply(Tensor x) {
        Tensor t = x;
        for (LinearOperator p : parts) {
            t = p.apply(t);
        }
        return t;
    }

    @Override
    public Tensor adjoint(Tensor y) {
        Tensor t = y;
        for (int i = parts.size() - 1; i >= 0; i--) {
            t = parts.get(i).adjoint(t);
        }
        return t;
    }

    /** A_1ᵀ…A_{k−1}ᵀ (A_kᵀA_k) A_{k−1}…A_1 x, so that the last part can use a cheaper normal of its own. */
    @Override
    public Tensor normal(Tensor x) {
        Tensor t = x;
        int last = parts.size() - 1;
        for (int i = 0; i < last; i++) {
            t = parts.get(i).apply(t);
        }
        t = parts.get(last).normal(t);
        for (int i = last - 1; i >= 0; i--) {
            t = parts.get(i).adjoint(t);
        }
        return t;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = inputShape;
        for (LinearOperator p : parts) {
            s = p.outputShape(s);
        }
        return s;
    }

    @Override
    public int[] temporalReach() {
        int[] sum = {0, 0};
        for (LinearOperator p : parts) {
            int[] r = p.temporalReach();
            if (r == null) {
                return null;
            }
            sum[0] += r[0];
            sum[1] += r[1];
        }
        return sum;
    }

    @Override
    public String spec() {
        return parts.stream().map(LinearOperator::spec).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Composite c && c.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}

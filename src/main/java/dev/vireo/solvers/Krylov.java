package dev.vireo.solvers;

import dev.vireo.tensor.Carry;
import dev.vireo.tensor.Tensors;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Iterative solvers for M x = b with M symmetric positive (semi-)definite, over the whole tensor: inner
 * products are global sums (accumulated in float64), tensors stay float32.
 */
public final class Krylov {
    private Krylov() {}

    /**
     * ‖r‖ may rise this far above its smallest value before CG is deemed to diverge. Exact CG's residual
     * may wobble a little; float32 CG that has reached its rounding floor grows it about threefold a step.
     */
    static final double DIVERGENCE = 10.0;

    /**
     * At most {@code steps} conjugate-gradient iterations from {@code x0} (SVI/DDS recurrence): stops early
     * once ‖r‖ &lt; {@code tol} after an update. Once the residual has reached float32's rounding floor,
     * further steps amplify rounding along AᵀA's tiny eigenvalues and the iterate diverges (seen with
     * {@code down:4:bicubic}: 24.7 dB after 13 steps, 4.8 dB after 30); so when ‖r‖ rises past
     * {@value #DIVERGENCE} times its smallest value the iteration stops and returns the iterate with the
     * smallest residual. A converging run never triggers this and returns its last iterate.
     */
    public static Tensor conjugateGradient(UnaryOperator<Tensor> m, Tensor b, Tensor x0, int steps, double tol) {
        // Each iteration runs in its own scope and carries only x, r, p and the best iterate: otherwise the
        // intermediates of every operator application live until the caller's scope closes (16 frames of 640x272
        // through 30 cg steps peaked at 22 GB). x0 stays the caller's: a carry holds only tensors computed here.
        try (Carry x = new Carry(); Carry r = new Carry(); Carry p = new Carry(); Carry best = new Carry()) {
            try (PointerScope setup = new PointerScope()) {
                r.set(b.sub(m.apply(x0)));
                p.set(r.get());
            }
            double rho = Tensors.dot(r.get(), r.get());
            double bestRho = rho;
            boolean diverged = false;
            for (int k = 0; k < steps && rho > 0 && !diverged; k++) {
                try (PointerScope iteration = new PointerScope()) {
                    Tensor q = m.apply(p.get());
                    double pq = Tensors.dot(p.get(), q);
                    if (!(pq > 0)) {
                        break; // p is in M's null space (or M is not positive on it): no further progress possible.
                    }
                    double alpha = rho / pq;
                    x.set(or(x, x0).add(p.get(), Tensors.scalar(alpha)));
                    r.set(r.get().sub(q, Tensors.scalar(alpha)));
                    double rhoNew = Tensors.dot(r.get(), r.get());
                    if (rhoNew <= bestRho) {
                        bestRho = rhoNew;
                        best.set(x.get());
                    } else if (!(rhoNew <= DIVERGENCE * DIVERGENCE * bestRho)) {
                        diverged = true; // returned after the loop: a return in here would hand over to this scope
                        continue;
                    }
                    if (Math.sqrt(rhoNew) < tol) {
                        break;
                    }
                    p.set(r.get().add(p.get(), Tensors.scalar(rhoNew / rho)));
                    rho = rhoNew;
                }
            }
            return diverged ? toCaller(best, x0) : toCaller(x, x0);
        }
    }

    /**
     * At most {@code steps} steepest-descent iterations with exact line search from {@code x0} (SVI's GD
     * ablation, paper §3.3); stops when the residual before an update has ‖r‖ &lt; {@code tol}.
     */
    public static Tensor steepestDescent(UnaryOperator<Tensor> m, Tensor b, Tensor x0, int steps, double tol) {
        try (Carry x = new Carry(); Carry r = new Carry()) {
            try (PointerScope setup = new PointerScope()) {
                r.set(b.sub(m.apply(x0)));
            }
            for (int k = 0; k < steps; k++) {
                try (PointerScope iteration = new PointerScope()) {
                    double rr = Tensors.dot(r.get(), r.get());
                    if (Math.sqrt(rr) < tol) {
                        break;
                    }
                    Tensor mr = m.apply(r.get());
                    double rmr = Tensors.dot(r.get(), mr);
                    if (!(rmr > 0)) {
                        break;
                    }
                    double alpha = rr / rmr;
                    x.set(or(x, x0).add(r.get(), Tensors.scalar(alpha)));
                    r.set(r.get().sub(mr, Tensors.scalar(alpha)));
                }
            }
            return toCaller(x, x0);
        }
    }

    private static Tensor or(Carry c, Tensor otherwise) {
        return c.get() != null ? c.get() : otherwise;
    }

    /** The carried tensor (else {@code otherwise}), owned by the caller's scope like any tensor it computes itself. */
    private static Tensor toCaller(Carry c, Tensor otherwise) {
        if (c.get() == null) {
            return otherwise;
        }
        Tensor t = c.take();
        PointerScope caller = PointerScope.getInnerScope();
        if (caller != null) {
            caller.attach(t);
            t.releaseReference();
        }
        return t;
    }
}

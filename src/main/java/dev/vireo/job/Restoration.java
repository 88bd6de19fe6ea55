package dev.vireo.job;

import dev.vireo.InvalidInputException;
import dev.vireo.flow.FrameInterpolation;
import dev.vireo.io.Clip;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.model.Prior;
import dev.vireo.operators.FrameSubsample;
import dev.vireo.operators.LinearOperator;
import dev.vireo.operators.MeasurementNoise;
import dev.vireo.solvers.Problem;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solver;
import dev.vireo.solvers.Solvers;
import dev.vireo.tensor.Tensors;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The one measure → restore → score unit. The video pipeline (windows, I/O, outputs), the bench suites and
 * the library's {@link Restorer} all call it, so they seed alike ({@link Seeds}), score with the same
 * metrics ({@link #METRICS}) and split time the same way.
 */
public final class Restoration {
    /** PSNR, SSIM, flicker and temporal PSNR: what every run reports. */
    public static final MetricSuite METRICS = MetricSuite.standard(0);

    /** How long a solve took, split into network, operator and the rest (CG arithmetic, noise, copies). */
    public record Timings(double seconds, double networkSeconds, double operatorSeconds) {
        public double otherSeconds() {
            return Math.max(0, seconds - networkSeconds - operatorSeconds);
        }
    }

    /** A restored clip and how long it took. */
    public record Restored(Clip clip, Timings timings) {}

    /** A simulated run: the measurement made, the restoration and its scores against the clean clip. */
    public record Outcome(Clip measurement, Restored restored, Evaluation scores) {}

    private final Prior prior;
    private final Solver solver;
    private final double sigmaY;
    private final long seed;

    /**
     * @param prior  the diffusion prior, or null for prior-free methods
     * @param sigmaY the measurement noise level (added when simulating, assumed by the solver)
     * @param seed   the run seed: solver noise and, per window, simulated measurement noise
     */
    public Restoration(Prior prior, Solver solver, double sigmaY, long seed) {
        if (solver.needsPrior() && prior == null) {
            throw new InvalidInputException("method " + solver.name() + " needs a diffusion prior");
        }
        if (!(sigmaY >= 0) || Double.isInfinite(sigmaY)) {
            throw new InvalidInputException("measurement noise sigma must be a finite number ≥ 0, got " + sigmaY);
        }
        this.prior = solver.needsPrior() ? prior : null;
        this.solver = solver;
        this.sigmaY = sigmaY;
        this.seed = seed;
    }

    public Solver solver() {
        return solver;
    }

    /** The method and every option it runs with, for run records. */
    public Map<String, Object> describe() {
        return Map.of("method", solver.name(), "options", Solvers.describe(solver), "sigma_y", sigmaY, "seed", seed);
    }

    /** y = A x + w for a clean clip, w drawn for window {@code window} of this run ({@link Seeds#measurement}). */
    public Clip measure(LinearOperator a, Clip clean, long window) {
        return measure(a, clean, sigmaY, seed, window);
    }

    /** y = A x + w, w ~ N(0, σ_y²) drawn for window {@code window} of a run with {@code seed}: what every command simulates. */
    public static Clip measure(LinearOperator a, Clip clean, double sigmaY, long seed, long window) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor y = new MeasurementNoise(sigmaY, Seeds.measurement(seed, window))
                    .addTo(a.apply(Tensors.fromFloats(clean.data(), clean.shape())));
            return Clip.of(Tensors.toFloats(y), Tensors.shape(y), clean.fps());
        }
    }

    /** Restores a clip of {@code clipShape} [N, C, H, W] from {@code measurement} = A x + w. */
    public Restored restore(LinearOperator a, Clip measurement, long[] clipShape, ProgressListener progress) {
        Timing.TimedPrior tp = prior == null ? null : new Timing.TimedPrior(prior);
        Timing.TimedOperator top = new Timing.TimedOperator(a);
        long t0 = Timing.now();
        try (PointerScope scope = new PointerScope()) {
            Tensor y = Tensors.fromFloats(measurement.data(), measurement.shape());
            Tensor start = solver.usesStart() ? Tensors.fromFloats(startClip(a, measurement, clipShape), clipShape) : null;
            Problem p = new Problem(y, top, clipShape, sigmaY, tp, start);
            Tensor x = solver.solve(p, solver.defaultNoise(seed), progress);
            try {
                Clip out = Clip.of(Tensors.toFloats(x), clipShape, measurement.fps());
                Timings timings = new Timings((Timing.now() - t0) / 1e9, tp == null ? 0 : tp.clock.nanos / 1e9, top.clock.nanos / 1e9);
                return new Restored(out, timings);
            } finally {
                x.releaseReference();
            }
        }
    }

    /**
     * The estimate a warm-started solver begins from: for {@code subsample:k} the flow-interpolated clip
     * ({@link FrameInterpolation#flow}); other operators have none.
     */
    static float[] startClip(LinearOperator a, Clip measurement, long[] clipShape) {
        if (!(a instanceof FrameSubsample fs)) {
            throw new InvalidInputException("a warm start (svi option warm-start < 1) needs a start clip, which only a "
                    + "subsample:K measurement has (the flow start); " + a.spec() + " has none");
        }
        return FrameInterpolation.flow(measurement.data(), measurement.channels(), measurement.height(), measurement.width(),
                fs.step(), fs.offset(), (int) clipShape[0]);
    }

    /** Scores a restoration against the clean clip with {@link #METRICS}. */
    public static Evaluation score(Clip restored, Clip clean) {
        try (PointerScope scope = new PointerScope()) {
            return METRICS.evaluate(restored, clean);
        }
    }

    /** measure → restore → score, for a clean clip whose shape is the unknown's. */
    public Outcome simulate(LinearOperator a, Clip clean, long window, ProgressListener progress) {
        Clip y = measure(a, clean, window);
        Restored r = restore(a, y, clean.shape(), progress);
        return new Outcome(y, r, score(r.clip(), clean));
    }
}

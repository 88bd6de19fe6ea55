package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.job.Restorer;
import dev.vireo.schedule.NoiseSchedule.EtaConvention;
import dev.vireo.tensor.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolversApiTest {
    @Test
    void registryCreatesEveryMethodWithItsOptions() {
        assertEquals(List.of("svi", "svi-independent", "svi-gd", "cg", "admm-tv", "dps"), Solvers.names());
        for (String n : Solvers.names()) {
            Solver s = Solvers.create(n);
            assertEquals(n, s.name());
            assertEquals(!n.equals("cg") && !n.equals("admm-tv"), s.needsPrior(), n);
        }
        SviSolver svi = (SviSolver) Solvers.create("svi", Map.of("eta", "0.85", "eta-convention", "ddim", "cg-steps", "7",
                "timesteps", "800,600,400,200,0", "micro-batch", "4"));
        assertEquals(0.85, svi.options().eta());
        assertEquals(EtaConvention.DDIM, svi.options().convention());
        assertEquals(7, svi.options().cgSteps());
        assertEquals(4, svi.options().microBatch());
        assertEquals(SviFixtureParity.GRID, svi.options().grid(1000));
        assertTrue(svi.options().clipTweedie());
        SviSolver exact = (SviSolver) Solvers.create("svi-independent", Map.of("paper-exact", "true"));
        assertFalse(exact.options().clipTweedie());
        assertFalse(exact.options().sharedNoise());
        assertEquals(SviOptions.Consistency.NOISELESS, exact.options().consistency());
        assertEquals(20, ((SviSolver) Solvers.create("svi", Map.of("timesteps", "ddim20"))).options().grid(1000).size());
        assertEquals(10, ((DpsSolver) Solvers.create("dps", Map.of("nfe", "10"))).options().nfe());
        assertEquals(12, ((CgSolver) Solvers.create("cg", Map.of("cg-steps", "12"))).options().cgSteps());
        assertEquals(0.5, ((CgSolver) Solvers.create("cg", Map.of("lambda", "0.5"))).options().lambda());
        assertEquals(3.0, ((AdmmTvSolver) Solvers.create("admm-tv", Map.of("rho", "3"))).options().rho());

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Solvers.create("ddrm"));
        assertTrue(e.getMessage().contains("svi-independent"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Solvers.create("cg", Map.of("eta", "0.1")));
        assertTrue(e.getMessage().contains("no option 'eta'"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Solvers.create("svi", Map.of("nfe", "many")));
        assertThrows(InvalidInputException.class, () -> Solvers.create("svi", Map.of("clip", "maybe")));
        assertThrows(InvalidInputException.class, () -> Solvers.create("dps", Map.of("zeta", "-1")));
    }

    @Test
    void memoryEstimateScalesWithMicroBatch() {
        long[] clip = {16, 3, 256, 256};
        long act = 900L << 20;
        long full = MemoryEstimate.peakBytes(clip, 552_814_086L, 4, act, 0);
        long one = MemoryEstimate.peakBytes(clip, 552_814_086L, 4, act, 1);
        assertEquals(15 * act, full - one);
        // Weights 2.21 GB + 16 frames of activations + 14 clip-sized float32 tensors (12.6 MB each).
        assertEquals(552_814_086L * 4 + 16 * act + 14L * 16 * 3 * 256 * 256 * 4, full);
        long budget = one + 5 * act + act / 2;
        int b = MemoryEstimate.largestMicroBatch(clip, 552_814_086L, 4, act, budget);
        assertEquals(6, b);
        assertTrue(MemoryEstimate.peakBytes(clip, 552_814_086L, 4, act, b) <= budget);
        assertTrue(MemoryEstimate.peakBytes(clip, 552_814_086L, 4, act, b + 1) > budget);
        assertEquals(0, MemoryEstimate.largestMicroBatch(clip, 552_814_086L, 4, act, full));
        assertEquals(-1, MemoryEstimate.largestMicroBatch(clip, 552_814_086L, 4, act, one - 1));
    }

    @Test
    void restorerWorksOnPlainClips() {
        Restorer r = new Restorer(null, TestOps.temporalThenDown(7, 2), Solvers.create("cg"));
        Clip clean = new Clip(TestOps.smoothClip(8, 16, 16), 8, 3, 16, 16, 25.0);
        Clip y = r.measure(clean, 0, 0);
        assertEquals(8, y.frames());
        assertEquals(8, y.height());
        assertEquals(8, y.width());
        int[] steps = {0};
        Clip out = r.restore(y, 8, 16, 16, 0.0, 0, (i, n) -> steps[0]++);
        assertEquals(25.0, out.fps());
        assertEquals(1, steps[0]);
        double psnr = TestOps.psnr(Tensors.fromFloats(out.data(), out.shape()), Tensors.fromFloats(clean.data(), clean.shape()));
        assertTrue(psnr > 24, "PSNR " + psnr);
        assertThrows(InvalidInputException.class, () -> new Restorer(null, TestOps.temporalThenDown(7, 2), Solvers.create("svi")));
        assertThrows(InvalidInputException.class, () -> r.restore(y, 8, 12, 16, 0.0, 0, ProgressListener.NONE));
    }
}

package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.model.Prior;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixture parity of everything except the network: a replay model returns, at its k-th call, the ε̂ that
 * makes Tweedie equal the fixture's svi_tweedie[k], so refined estimates, output and the re-noised inputs
 * x_t are checked against the fixture. The network-level test is {@code SviFixtureParity.assertParity(
 * Models.prior("vireo-tiny", null), 1e-3)} once the ADM network is merged.
 */
class SviFixtureParityTest {
    private static final NoiseSchedule LINEAR = NoiseSchedule.linear(1000);

    @Test
    void solverReproducesFixtureGivenItsTweedieEstimates() throws Exception {
        float[] tweedie = SviFixtureParity.load("svi_tweedie.npy");
        float[] refined = SviFixtureParity.load("svi_refined.npy");
        float[] xT = SviFixtureParity.load("svi_xT.npy");
        float[] noise = SviFixtureParity.load("svi_noise.npy");
        int per = 8 * 3 * 64 * 64;
        int frame = 3 * 64 * 64;
        List<float[]> inputs = new ArrayList<>();
        int[] calls = {0};
        Prior replay = TestOps.model(3, (x, t) -> {
            int k = calls[0]++;
            inputs.add(Tensors.toFloats(x));
            double ab = LINEAR.alphaBar(t);
            float[] tw = java.util.Arrays.copyOfRange(tweedie, k * per, (k + 1) * per);
            return x.sub(Tensors.fromFloats(tw, 8, 3, 64, 64), Tensors.scalar(Math.sqrt(ab))).div(Tensors.scalar(Math.sqrt(1 - ab)));
        });

        SviFixtureParity.Result r = SviFixtureParity.run(replay);
        assertEquals(5, calls[0]);
        assertTrue(r.tweedie() < 1e-4, "replayed Tweedie: " + r);
        assertTrue(r.refined() < 1e-3 && r.out() < 1e-3, "refined/out: " + r);

        // Independently recompute the network inputs x_t from the fixture in float64.
        double[] x = new double[per];
        for (int i = 0; i < per; i++) {
            x[i] = xT[i % frame];
        }
        int[] ts = SviFixtureParity.GRID.timesteps();
        int[] next = SviFixtureParity.GRID.next();
        double worst = 0;
        for (int k = 0; k < ts.length; k++) {
            float[] in = inputs.get(k);
            for (int i = 0; i < per; i++) {
                worst = Math.max(worst, Math.abs(in[i] - x[i]));
            }
            double ab = LINEAR.alphaBar(ts[k]);
            double abn = LINEAR.alphaBar(next[k]);
            for (int i = 0; i < per; i++) {
                double eps = (x[i] - Math.sqrt(ab) * tweedie[k * per + i]) / Math.sqrt(1 - ab);
                double bar = refined[k * per + i];
                x[i] = next[k] == 0 ? bar
                        : Math.sqrt(abn) * bar + 0.15 * Math.sqrt(1 - abn) * noise[k * frame + i % frame]
                                + Math.sqrt(1 - 0.15 * 0.15) * Math.sqrt(1 - abn) * eps;
            }
        }
        assertTrue(worst < 1e-3, "network inputs x_t differ from the fixture recurrence by " + worst);
    }

    @Test
    void vireoTinyNetworkMatchesFixture() throws Exception {
        SviFixtureParity.assertParity(dev.vireo.model.Models.prior("vireo-tiny", null), 1e-3);
    }
}

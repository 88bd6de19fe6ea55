package dev.vireo.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule.EtaConvention;
import dev.vireo.schedule.NoiseSchedule.Renoise;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    /** paper.md §2.1: t, t', ᾱ_t, ᾱ_t', √ᾱ_t', c1, c2 for η = 0.15 (rows 0–17). */
    private static final double[][] TABLE = {
        {950, 900, 1.060418e-04, 2.702445e-04, 0.016439, 0.149980, 0.988552},
        {900, 850, 2.702445e-04, 6.546535e-04, 0.025586, 0.149951, 0.988362},
        {850, 800, 6.546535e-04, 1.507521e-03, 0.038827, 0.149887, 0.987940},
        {800, 750, 1.507521e-03, 3.300158e-03, 0.057447, 0.149752, 0.987053},
        {750, 700, 3.300158e-03, 6.868279e-03, 0.082875, 0.149484, 0.985285},
        {700, 650, 6.868279e-03, 1.359017e-02, 0.116577, 0.148977, 0.981945},
        {650, 600, 1.359017e-02, 2.556749e-02, 0.159898, 0.148070, 0.975965},
        {600, 550, 2.556749e-02, 4.573613e-02, 0.213860, 0.146530, 0.965812},
        {550, 500, 4.573613e-02, 7.779666e-02, 0.278921, 0.144047, 0.949449},
        {500, 450, 7.779666e-02, 1.258388e-01, 0.354738, 0.140245, 0.924388},
        {450, 400, 1.258388e-01, 1.935720e-01, 0.439968, 0.134702, 0.887853},
        {400, 350, 1.935720e-01, 2.831826e-01, 0.532149, 0.126998, 0.837072},
        {350, 300, 2.831826e-01, 3.940111e-01, 0.627703, 0.116768, 0.769645},
        {300, 250, 3.940111e-01, 5.214230e-01, 0.722096, 0.103769, 0.683966},
        {250, 200, 5.214230e-01, 6.563470e-01, 0.810152, 0.087933, 0.579587},
        {200, 150, 6.563470e-01, 7.858870e-01, 0.886503, 0.069409, 0.457488},
        {150, 100, 7.858870e-01, 8.951416e-01, 0.946119, 0.048573, 0.320155},
        {100, 50, 8.951416e-01, 9.699515e-01, 0.984861, 0.026002, 0.171384},
    };

    @Test
    void linearScheduleMatchesPaperTable() {
        NoiseSchedule s = NoiseSchedule.linear(1000);
        TimeGrid g = TimeGrid.reference(20, 1000);
        for (int k = 0; k < TABLE.length; k++) {
            double[] row = TABLE[k];
            assertEquals((int) row[0], g.t(k));
            assertEquals((int) row[1], g.next(k));
            // ᾱ printed with 7 significant digits: relative half-unit of the last digit.
            assertEquals(row[2], s.alphaBar((int) row[0]), row[2] * 5e-7, "alpha_bar(" + row[0] + ")");
            assertEquals(row[3], s.alphaBar((int) row[1]), row[3] * 5e-7);
            Renoise c = s.renoise((int) row[0], (int) row[1], 0.15, EtaConvention.CODE);
            assertEquals(row[4], c.signal(), 5e-7);
            assertEquals(row[5], c.noise(), 5e-7);
            assertEquals(row[6], c.eps(), 5e-7);
        }
        assertEquals(9.699515e-01, s.alphaBar(50), 5e-7);
        assertEquals(9.999000e-01, s.alphaBar(0), 5e-7);
        assertEquals(1.0, s.alphaBar(-1));
        Renoise last = s.renoise(0, -1, 0.15, EtaConvention.CODE);
        assertEquals(1.0, last.signal());
        assertEquals(0.0, last.noise());
        assertEquals(0.0, last.eps());
        assertEquals(1e-4, s.beta(0), 1e-18);
        assertEquals(0.02, s.beta(999), 1e-18);
    }

    @Test
    void ddimConventionIsTheSigmaForm() {
        NoiseSchedule s = NoiseSchedule.linear(1000);
        double ab = s.alphaBar(500);
        double abn = s.alphaBar(450);
        Renoise c = s.renoise(500, 450, 1.0, EtaConvention.DDIM);
        // η = 1 gives the DDPM posterior std √β̃ with β̃ = (1−ᾱ')/(1−ᾱ)·(1−ᾱ/ᾱ').
        assertEquals(Math.sqrt((1 - abn) / (1 - ab) * (1 - ab / abn)), c.noise(), 1e-12);
        assertEquals(1 - abn, c.noise() * c.noise() + c.eps() * c.eps(), 1e-12);
        Renoise det = s.renoise(500, 450, 0.0, EtaConvention.DDIM);
        assertEquals(0.0, det.noise());
        assertEquals(Math.sqrt(1 - abn), det.eps(), 1e-12);
        // The two conventions differ for the same η: at 950 → 900 σ = 0.15·√(1 − ᾱ/ᾱ') ≈ 0.117 vs 0.150.
        assertEquals(0.15 * Math.sqrt((1 - s.alphaBar(900)) / (1 - s.alphaBar(950)) * (1 - s.alphaBar(950) / s.alphaBar(900))),
                s.renoise(950, 900, 0.15, EtaConvention.DDIM).noise(), 1e-12);
        assertEquals(0.1170, s.renoise(950, 900, 0.15, EtaConvention.DDIM).noise(), 5e-4);
    }

    @Test
    void gridsFollowGuidedDiffusionRespacing() {
        TimeGrid ref = TimeGrid.reference(20, 1000);
        assertEquals(20, ref.size());
        assertEquals(950, ref.t(0));
        assertEquals(0, ref.t(19));
        assertEquals(-1, ref.next(19));
        assertEquals(ref, TimeGrid.respaced("ddim20", 1000));
        assertArrayEquals(new int[] {999, 998, 997}, java.util.Arrays.copyOf(TimeGrid.reference(1000, 1000).timesteps(), 3));
        // space_timesteps(300, "10,15,20"): 45 steps, the first section 0, 11, …, 99.
        TimeGrid sec = TimeGrid.respaced("10,15,20", 300);
        assertEquals(45, sec.size());
        int[] asc = sec.timesteps();
        for (int k = 0; k < 10; k++) {
            assertEquals(11 * k, asc[asc.length - 1 - k]);
        }
        assertEquals(100, asc[asc.length - 11]);
        assertEquals(299, asc[0]);
        // ddim with no exact stride (e.g. 3 steps of 10: strides give 10, 5, 4, 3, 3 …) takes the smallest stride.
        assertArrayEquals(new int[] {8, 4, 0}, TimeGrid.respaced("ddim3", 10).timesteps());
        assertThrows(InvalidInputException.class, () -> TimeGrid.respaced("ddim7", 10));
        assertThrows(InvalidInputException.class, () -> TimeGrid.respaced("fast", 1000));
        TimeGrid fixture = TimeGrid.of(800, 600, 400, 200, 0);
        assertArrayEquals(new int[] {600, 400, 200, 0, -1}, fixture.next());
    }

    @Test
    void cosineScheduleIsMonotoneAndClipped() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        double prev = 1;
        for (int t = 0; t < 1000; t++) {
            assertTrue(s.beta(t) > 0 && s.beta(t) <= 0.999);
            assertTrue(s.alphaBar(t) < prev);
            prev = s.alphaBar(t);
        }
        // Before β hits its 0.999 cap, ᾱ_t = f(t+1)/f(0) with f(u) = cos²((u/T + 0.008)/1.008 · π/2).
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        double f500 = Math.pow(Math.cos((0.5 + 0.008) / 1.008 * Math.PI / 2), 2);
        assertEquals(f500 / f0, s.alphaBar(499), 1e-12);
        assertThrows(InvalidInputException.class, () -> NoiseSchedule.parse("sigmoid", 1000));
    }
}

package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void etaUsesTheRateAfterTheFirstStepSoWarmUpDoesNotInflateIt() {
        // 3 windows × 10 steps; the first step took 20 s (warm-up), every later one 2 s.
        double first = 20;
        double elapsed = first + 2 * 9; // 10 steps done
        // 20 steps left at 2 s each; the plain average (3.8 s a step) would have said 76 s.
        assertEquals(40, ProgressBar.eta(elapsed, first, 1, 10, 30), 1e-9);
        assertEquals(first * 29, ProgressBar.eta(first, first, 1, 1, 30), 1e-9);
        assertEquals(0, ProgressBar.eta(80, first, 1, 30, 30), 1e-9);
        assertTrue(Double.isNaN(ProgressBar.eta(5, 5, 0, 0, 30)));
        assertTrue(Double.isNaN(ProgressBar.eta(5, 5, 1, 3, -1)));
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("1:05", ProgressBar.clock(65));
        assertEquals("1:01:01", ProgressBar.clock(3661));
        assertEquals("--:--", ProgressBar.clock(Double.NaN));
    }
}

package dev.vireo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunChecksTest {
    @Test
    void memoryHintNamesOnlyFlagsThatActInThisMode() {
        String measured = RunChecks.memoryHint(false, -1);
        assertTrue(measured.contains("--window"), measured);
        assertFalse(measured.contains("--max-size"), "--max-size does nothing without --simulate: " + measured);
        assertTrue(RunChecks.memoryHint(true, -1).contains("--max-size"));
        assertEquals("--option micro-batch=3", RunChecks.memoryHint(false, 3));
    }
}

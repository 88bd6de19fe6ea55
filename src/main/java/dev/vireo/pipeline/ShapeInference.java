package dev.vireo.pipeline;

import dev.vireo.InvalidInputException;
import dev.vireo.operators.Boundary;
import dev.vireo.operators.Degradations;
import java.util.Arrays;

/**
 * A user holds the measurement, not the clean clip: find the clip shape [N, C, H, W] that the
 * degradation maps onto the measured shape, trying integer multiples of its frame count and frame size.
 */
final class ShapeInference {
    private static final int MAX_FACTOR = 16;

    private ShapeInference() {}

    static long[] clipShape(String spec, long[] measured, int channels, Boundary temporalDefault) {
        InvalidInputException firstRejection = null;
        boolean anyParsed = false;
        for (int sn = 1; sn <= MAX_FACTOR; sn++) {
            for (int sh = 1; sh <= MAX_FACTOR; sh++) {
                long[] candidate = {measured[0] * sn, channels, measured[2] * sh, measured[3] * sh};
                try {
                    long[] out = Degradations.parse(spec, candidate, temporalDefault).outputShape(candidate);
                    anyParsed = true;
                    if (Arrays.equals(out, measured)) {
                        return candidate;
                    }
                } catch (InvalidInputException notThisShape) {
                    // The spec rejects this candidate (e.g. a size it cannot divide); try the next.
                    firstRejection = firstRejection == null ? notThisShape : firstRejection;
                }
            }
        }
        if (!anyParsed && firstRejection != null) {
            throw firstRejection; // a bad spec, not a shape problem
        }
        throw new InvalidInputException("a measurement of shape " + Arrays.toString(measured)
                + " cannot come from '" + spec + "': no clip shape maps to it (check the degradation, or use --simulate for a clean clip)");
    }
}

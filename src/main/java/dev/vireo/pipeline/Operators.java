package dev.vireo.pipeline;

import dev.vireo.operators.Boundary;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's degradation, bound once per clip shape: windows of a clip share a shape (only the last may be
 * shorter), so the spec is parsed, its files read and the clip shape inferred once per shape, not per window.
 */
final class Operators {
    private final String spec;
    private final int channels;
    private final Boundary temporalDefault;
    private final Map<List<Long>, LinearOperator> byClipShape = new HashMap<>();
    private final Map<List<Long>, long[]> clipShapeByMeasured = new HashMap<>();

    Operators(String spec, int channels, Boundary temporalDefault) {
        this.spec = spec;
        this.channels = channels;
        this.temporalDefault = temporalDefault;
    }

    LinearOperator forClip(long[] clipShape) {
        return byClipShape.computeIfAbsent(key(clipShape), k -> Degradations.parse(spec, clipShape, temporalDefault));
    }

    /** The clip shape that the spec maps onto a measurement of {@code measured} ({@link ShapeInference}). */
    long[] clipShapeFor(long[] measured) {
        return clipShapeByMeasured.computeIfAbsent(key(measured), k -> ShapeInference.clipShape(spec, measured, channels, temporalDefault)).clone();
    }

    private static List<Long> key(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}

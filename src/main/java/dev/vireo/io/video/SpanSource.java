package dev.vireo.io.video;

import dev.vireo.io.Clip;

/**
 * Cuts the span {@link ReadOptions} selects into windows, the same way for every source: a source only
 * says how to read the next frames, this class decides how many are still due.
 */
abstract class SpanSource implements VideoSource {
    private final ReadOptions options;
    private int delivered;

    SpanSource(ReadOptions options) {
        this.options = options;
    }

    @Override
    public final Clip read(int maxFrames) {
        if (maxFrames <= 0) {
            throw new IllegalArgumentException("maxFrames must be positive, got " + maxFrames);
        }
        int want = options.frames() == ReadOptions.ALL ? maxFrames : Math.min(maxFrames, options.frames() - delivered);
        Clip clip = readNext(want);
        delivered += clip.frames();
        return clip;
    }

    /** The next at most {@code want} (>= 0) frames; fewer only where the input ends. */
    protected abstract Clip readNext(int want);
}

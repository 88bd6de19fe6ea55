package dev.vireo.pipeline;

import dev.vireo.io.Clip;
import dev.vireo.io.video.VideoSource;

/**
 * Random access to a window of frames of a forward-only source: frames are read ahead as far as asked and
 * dropped once no later window can ask for them, so memory stays bounded by a window and its context.
 */
final class FrameBuffer {
    private final VideoSource source;
    private Clip held;
    private long heldStart;
    private boolean ended;

    FrameBuffer(VideoSource source) {
        this.source = source;
    }

    /** Frames {@code from} … {@code to − 1}, fewer where the source ends first (empty past its end). */
    Clip get(long from, long to) {
        while (!ended && heldEnd() < to) {
            Clip more = source.read((int) Math.min(Integer.MAX_VALUE, Math.max(16, to - heldEnd())));
            if (more.frames() == 0) {
                ended = true;
            } else {
                held = held == null ? more : Clips.concat(held, more);
            }
        }
        long end = Math.min(to, heldEnd());
        if (held == null || end <= from) {
            return null;
        }
        return Clips.range(held, (int) (from - heldStart), (int) (end - from));
    }

    /** Whether frame {@code index} exists. */
    boolean has(long index) {
        return get(index, index + 1) != null;
    }

    /** Forgets frames before {@code index}. */
    void dropBefore(long index) {
        if (held != null && index > heldStart) {
            int drop = (int) Math.min(held.frames(), index - heldStart);
            held = drop == held.frames() ? null : Clips.range(held, drop, held.frames() - drop);
            heldStart += drop;
        }
    }

    private long heldEnd() {
        return heldStart + (held == null ? 0 : held.frames());
    }
}

package dev.vireo.io.video;

import dev.vireo.io.Clip;

/** A video read window by window, so long clips never have to fit in memory at once. */
public interface VideoSource extends AutoCloseable {
    VideoInfo info();

    /**
     * The next at most {@code maxFrames} frames of the selected span as float32 RGB [n, 3, H, W] in [0, 1];
     * fewer at the end, and n = 0 once the span is exhausted.
     */
    Clip read(int maxFrames);

    @Override
    void close();
}

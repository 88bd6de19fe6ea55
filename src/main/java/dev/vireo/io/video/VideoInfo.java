package dev.vireo.io.video;

import java.nio.file.Path;

/**
 * What a {@link VideoSource} holds (the whole input, not the span selected by {@link ReadOptions}).
 *
 * @param format     container/demuxer name ("mov,mp4,m4a,3gp,3g2,mj2", "h264", "images", "npy", ...)
 * @param codec      video codec name ("h264", "png", "float32" for .npy, ...)
 * @param frameCount frames in the input, or -1 when the container does not say (raw streams)
 * @param matrix     the Y'CbCr matrix used to convert to RGB, or null when the input is already RGB
 * @param fullRange  whether the Y'CbCr samples are full range (false for RGB inputs)
 */
public record VideoInfo(Path path, String format, String codec, int width, int height, double fps,
                        long frameCount, boolean hasAudio, ColorMatrix matrix, boolean fullRange) {
    public boolean frameCountKnown() {
        return frameCount >= 0;
    }
}

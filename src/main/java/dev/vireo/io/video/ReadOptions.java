package dev.vireo.io.video;

/**
 * Which span of a video to read, by frame index: frames {@code start .. start+frames-1} (all frames to the
 * end when {@code frames} is {@link #ALL}). {@code fallbackFps} is the frame rate given to inputs that carry
 * none: raw H.264/HEVC elementary streams without timing in their SPS, image folders without an
 * {@code fps.txt}, and {@code .npy} files.
 * Build with {@code ReadOptions.defaults().start(10).frames(8)}.
 */
public record ReadOptions(int start, int frames, double fallbackFps) {
    public static final int ALL = -1;

    public ReadOptions {
        if (start < 0) {
            throw new dev.vireo.InvalidInputException("--start must be >= 0, got " + start);
        }
        if (frames < 0 && frames != ALL || frames == 0) {
            throw new dev.vireo.InvalidInputException("--frames must be positive, got " + frames);
        }
        if (!(fallbackFps > 0) || Double.isInfinite(fallbackFps)) {
            throw new dev.vireo.InvalidInputException("frame rate must be positive, got " + fallbackFps);
        }
    }

    /** Everything from frame 0, 25 fps where the input has no rate. */
    public static ReadOptions defaults() {
        return new ReadOptions(0, ALL, 25.0);
    }

    public ReadOptions start(int first) {
        return new ReadOptions(first, frames, fallbackFps);
    }

    public ReadOptions frames(int count) {
        return new ReadOptions(start, count, fallbackFps);
    }

    public ReadOptions fallbackFps(double fps) {
        return new ReadOptions(start, frames, fps);
    }
}

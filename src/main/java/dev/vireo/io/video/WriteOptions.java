package dev.vireo.io.video;

import java.nio.file.Path;

/**
 * Output options. {@code audioSource} (may be null) names a file whose first audio stream is copied into
 * the output (packets remuxed as they are; re-encoded to AAC, or Opus for .webm, only when the container
 * cannot hold the source codec), starting {@code audioOffsetSeconds} into that file and cut at the end of
 * the written clip, so the result keeps the clip's length. Audio is only written to
 * container formats (.mp4 .mov .mkv .avi .webm); for GIF, .npy and PNG folders it is ignored. A source
 * without audio is not an error (nothing to copy). Build with {@code WriteOptions.defaults().audioFrom(p)}.
 */
public record WriteOptions(Path audioSource, double audioOffsetSeconds) {
    public WriteOptions {
        if (!(audioOffsetSeconds >= 0) || Double.isInfinite(audioOffsetSeconds)) {
            throw new dev.vireo.InvalidInputException("audio offset must be >= 0 seconds, got " + audioOffsetSeconds);
        }
    }

    public static WriteOptions defaults() {
        return new WriteOptions(null, 0);
    }

    /** Copies the audio of {@code source} from its beginning. */
    public WriteOptions audioFrom(Path source) {
        return new WriteOptions(source, 0);
    }

    /** Copies the audio of {@code source} from {@code offsetSeconds} on (e.g. start frame / fps after --start). */
    public WriteOptions audioFrom(Path source, double offsetSeconds) {
        return new WriteOptions(source, offsetSeconds);
    }
}

package dev.vireo.io.video;

/** An audio stream being added to an output next to the video, in step with it. */
interface AudioTrack extends AutoCloseable {
    /** Writes the audio up to about {@code seconds} of clip time (for interleaving with the video). */
    void copyUntil(double seconds);

    /** Writes the rest of the audio up to {@code seconds}, the clip's end, and nothing after it. */
    void finish(double seconds);

    @Override
    void close();
}

package dev.vireo.io;

/**
 * A clip held in memory: float32 RGB frames in [0, 1], layout [frames, channels, height, width] in C
 * order, plus the frame rate. This is the engine-free type the public API exchanges.
 */
public record Clip(float[] data, int frames, int channels, int height, int width, double fps) {
    public Clip {
        long n = (long) frames * channels * height * width;
        if (n != data.length) {
            throw new IllegalArgumentException("clip " + frames + "x" + channels + "x" + height + "x" + width
                    + " needs " + n + " values, has " + data.length);
        }
    }

    public long[] shape() {
        return new long[] {frames, channels, height, width};
    }

    public static Clip of(float[] data, long[] shape, double fps) {
        if (shape.length != 4) {
            throw new dev.vireo.InvalidInputException("a clip must have 4 dimensions [frames, channels, height, width], got "
                    + java.util.Arrays.toString(shape));
        }
        return new Clip(data, (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3], fps);
    }
}

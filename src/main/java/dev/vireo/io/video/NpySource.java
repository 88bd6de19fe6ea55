package dev.vireo.io.video;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** A {@code .npy} array [N, 3, H, W] of float32 in [0, 1] (other dtypes are converted by {@link Npy}). */
final class NpySource extends SpanSource {
    private final float[] data;
    private final VideoInfo info;
    private final int frames;
    private int next;

    NpySource(Path path, ReadOptions options) {
        super(options);
        Npy.Array a;
        try {
            a = Npy.read(path);
        } catch (IOException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        long[] s = a.shape();
        if (s.length != 4 || s[1] != 3) {
            throw new InvalidInputException(path + ": expected a clip array [frames, 3, height, width], got shape "
                    + Arrays.toString(s));
        }
        Npy.requireFinite(a.data(), s, path.toString());
        this.data = a.data();
        this.frames = (int) s[0];
        info = new VideoInfo(path, "npy", "float32", (int) s[3], (int) s[2], options.fallbackFps(), frames, false, null, false);
        next = options.start();
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    protected Clip readNext(int want) {
        int n = Math.max(0, Math.min(want, frames - next));
        int per = 3 * info.width() * info.height();
        float[] out = n == 0 ? new float[0] : Arrays.copyOfRange(data, next * per, (next + n) * per);
        next += n;
        return new Clip(out, n, 3, info.height(), info.width(), info.fps());
    }

    @Override
    public void close() {}
}

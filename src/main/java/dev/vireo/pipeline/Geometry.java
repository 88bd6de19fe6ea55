package dev.vireo.pipeline;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import java.util.Locale;

/**
 * Maps clips of one source size to a size the network accepts, and (for padding) back.
 *
 * <ul>
 *   <li>{@link #pad}: reflect-pads the bottom and right edges up to a multiple of {@code m} (numpy "reflect":
 *       the edge row is not repeated). Invertible: {@link #fromNetwork} removes exactly that padding.</li>
 *   <li>{@link #crop}: centre crop to a target size (offsets rounded down). One-way.</li>
 *   <li>{@link #resize}: area (box) resize: each output pixel is the mean of the source area it covers,
 *       fractional pixels weighted by overlap. Meant for downscaling; upscaling gives blocky
 *       (piecewise-constant) results. One-way.</li>
 *   <li>{@link #squareResize}: centre square crop then area resize to {@code size x size}: the benchmark
 *       preprocessing ("centre square crop, area-resized to 64x64"). One-way.</li>
 * </ul>
 * One-way geometries change what the output shows, so the restored clip keeps the network size;
 * {@link #fromNetwork} refuses them.
 */
public final class Geometry {
    public enum Mode { NONE, PAD, CROP, RESIZE, SQUARE_RESIZE }

    private final Mode mode;
    private final int srcW, srcH;
    /** Crop window (x0, y0, cw, ch) for CROP and SQUARE_RESIZE, else the whole frame. */
    private final int x0, y0, cw, ch;
    private final int netW, netH;

    private Geometry(Mode mode, int srcW, int srcH, int x0, int y0, int cw, int ch, int netW, int netH) {
        if (srcW < 1 || srcH < 1 || netW < 1 || netH < 1) {
            throw new InvalidInputException("frame sizes must be positive: " + srcW + "x" + srcH + " to " + netW + "x" + netH);
        }
        this.mode = mode;
        this.srcW = srcW;
        this.srcH = srcH;
        this.x0 = x0;
        this.y0 = y0;
        this.cw = cw;
        this.ch = ch;
        this.netW = netW;
        this.netH = netH;
    }

    /** Leaves frames as they are. */
    public static Geometry none(int width, int height) {
        return new Geometry(Mode.NONE, width, height, 0, 0, width, height, width, height);
    }

    /** Reflect-pads bottom/right to the next multiple of {@code multiple} in both directions. */
    public static Geometry pad(int width, int height, int multiple) {
        if (multiple < 1) {
            throw new InvalidInputException("pad multiple must be >= 1, got " + multiple);
        }
        int w = (width + multiple - 1) / multiple * multiple, h = (height + multiple - 1) / multiple * multiple;
        return new Geometry(Mode.PAD, width, height, 0, 0, width, height, w, h);
    }

    /** Centre crop to {@code targetWidth x targetHeight} (each at most the source size). */
    public static Geometry crop(int width, int height, int targetWidth, int targetHeight) {
        if (targetWidth > width || targetHeight > height || targetWidth < 1 || targetHeight < 1) {
            throw new InvalidInputException("cannot crop " + width + "x" + height + " to " + targetWidth + "x" + targetHeight);
        }
        return new Geometry(Mode.CROP, width, height, (width - targetWidth) / 2, (height - targetHeight) / 2,
                targetWidth, targetHeight, targetWidth, targetHeight);
    }

    /** Area resize of the whole frame to {@code targetWidth x targetHeight}. */
    public static Geometry resize(int width, int height, int targetWidth, int targetHeight) {
        return new Geometry(Mode.RESIZE, width, height, 0, 0, width, height, targetWidth, targetHeight);
    }

    /** Centre square crop (side = the shorter edge), then area resize to {@code size x size}. */
    public static Geometry squareResize(int width, int height, int size) {
        int s = Math.min(width, height);
        return new Geometry(Mode.SQUARE_RESIZE, width, height, (width - s) / 2, (height - s) / 2, s, s, size, size);
    }

    /**
     * Parses a command-line spec for frames of {@code width x height}: {@code none}, {@code pad:M},
     * {@code crop:WxH}, {@code crop:square}, {@code resize:WxH}, {@code square:S} (centre square + area
     * resize to SxS).
     */
    public static Geometry parse(String spec, int width, int height) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String arg = s.contains(":") ? s.substring(s.indexOf(':') + 1) : "";
        try {
            switch (s.contains(":") ? s.substring(0, s.indexOf(':')) : s) {
                case "none":
                    return none(width, height);
                case "pad":
                    return pad(width, height, Integer.parseInt(arg));
                case "crop":
                    if (arg.equals("square")) {
                        int m = Math.min(width, height);
                        return crop(width, height, m, m);
                    }
                    int[] c = size(arg);
                    return crop(width, height, c[0], c[1]);
                case "resize":
                    int[] r = size(arg);
                    return resize(width, height, r[0], r[1]);
                case "square":
                    return squareResize(width, height, Integer.parseInt(arg));
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage message
        }
        throw new InvalidInputException("bad geometry '" + spec
                + "' (use none, pad:M, crop:WxH, crop:square, resize:WxH or square:S)");
    }

    private static int[] size(String wxh) {
        String[] p = wxh.split("x");
        if (p.length != 2) {
            throw new NumberFormatException(wxh);
        }
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    public Mode mode() {
        return mode;
    }

    public int sourceWidth() {
        return srcW;
    }

    public int sourceHeight() {
        return srcH;
    }

    public int networkWidth() {
        return netW;
    }

    public int networkHeight() {
        return netH;
    }

    /** Whether {@link #fromNetwork} can give back source-sized frames (NONE and PAD). */
    public boolean invertible() {
        return mode == Mode.NONE || mode == Mode.PAD;
    }

    /** Source-sized frames to network-sized frames. */
    public Clip toNetwork(Clip clip) {
        if (clip.width() != srcW || clip.height() != srcH) {
            throw new InvalidInputException("geometry " + this + " expects " + srcW + "x" + srcH + " frames, got "
                    + clip.width() + "x" + clip.height());
        }
        return switch (mode) {
            case NONE -> clip;
            case PAD -> padClip(clip);
            case CROP -> window(clip, x0, y0, cw, ch);
            case RESIZE -> areaResize(clip, netW, netH);
            case SQUARE_RESIZE -> areaResize(window(clip, x0, y0, cw, ch), netW, netH);
        };
    }

    /** Network-sized frames back to source size: removes the padding of PAD; NONE is the identity. */
    public Clip fromNetwork(Clip clip) {
        if (!invertible()) {
            throw new IllegalStateException("geometry " + this + " is one-way; its output stays at "
                    + netW + "x" + netH);
        }
        if (clip.width() != netW || clip.height() != netH) {
            throw new IllegalArgumentException("geometry " + this + " expects " + netW + "x" + netH + " frames, got "
                    + clip.width() + "x" + clip.height());
        }
        return mode == Mode.NONE ? clip : window(clip, 0, 0, srcW, srcH);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case NONE -> "none";
            case PAD -> "pad " + srcW + "x" + srcH + " to " + netW + "x" + netH;
            case CROP -> "crop " + srcW + "x" + srcH + " to " + netW + "x" + netH + " at (" + x0 + "," + y0 + ")";
            case RESIZE -> "resize " + srcW + "x" + srcH + " to " + netW + "x" + netH;
            case SQUARE_RESIZE -> "square " + srcW + "x" + srcH + " crop " + cw + "x" + ch + " at (" + x0 + "," + y0
                    + ") resized to " + netW + "x" + netH;
        };
    }

    private static Clip window(Clip c, int x0, int y0, int w, int h) {
        int planes = c.frames() * c.channels(), sw = c.width(), sh = c.height();
        float[] out = new float[planes * w * h];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(c.data(), p * sw * sh + (y0 + y) * sw + x0, out, p * w * h + y * w, w);
            }
        }
        return new Clip(out, c.frames(), c.channels(), h, w, c.fps());
    }

    private Clip padClip(Clip c) {
        int planes = c.frames() * c.channels(), sw = srcW, sh = srcH, w = netW, h = netH;
        int[] xs = new int[w], ys = new int[h];
        for (int x = 0; x < w; x++) {
            xs[x] = reflect(x, sw);
        }
        for (int y = 0; y < h; y++) {
            ys[y] = reflect(y, sh);
        }
        float[] out = new float[planes * w * h];
        float[] d = c.data();
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                int src = p * sw * sh + ys[y] * sw, dst = p * w * h + y * w;
                for (int x = 0; x < w; x++) {
                    out[dst + x] = d[src + xs[x]];
                }
            }
        }
        return new Clip(out, c.frames(), c.channels(), h, w, c.fps());
    }

    /** numpy "reflect" index for any i >= 0 (folds back and forth when the pad exceeds the length). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int k = i % period;
        return k < n ? k : period - k;
    }

    /** Per output index j: first source index and the weights (summing to 1) of the source pixels it covers. */
    private record AreaWeights(int[] first, double[][] weights) {
        static AreaWeights of(int n, int m) {
            double scale = (double) n / m;
            int[] first = new int[m];
            double[][] w = new double[m][];
            for (int j = 0; j < m; j++) {
                double a = j * scale, b = (j + 1) * scale;
                int i0 = (int) Math.floor(a), i1 = Math.min(n, (int) Math.ceil(b - 1e-9));
                first[j] = i0;
                w[j] = new double[i1 - i0];
                for (int i = i0; i < i1; i++) {
                    w[j][i - i0] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
                }
            }
            return new AreaWeights(first, w);
        }
    }

    private static Clip areaResize(Clip c, int w, int h) {
        int sw = c.width(), sh = c.height(), planes = c.frames() * c.channels();
        AreaWeights ax = AreaWeights.of(sw, w), ay = AreaWeights.of(sh, h);
        float[] d = c.data();
        float[] out = new float[planes * w * h];
        double[] rows = new double[sh * w];
        for (int p = 0; p < planes; p++) {
            int base = p * sw * sh;
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    double[] wx = ax.weights()[x];
                    int i0 = base + y * sw + ax.first()[x];
                    for (int k = 0; k < wx.length; k++) {
                        s += wx[k] * d[i0 + k];
                    }
                    rows[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                double[] wy = ay.weights()[y];
                int j0 = ay.first()[y];
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int k = 0; k < wy.length; k++) {
                        s += wy[k] * rows[(j0 + k) * w + x];
                    }
                    out[p * w * h + y * w + x] = (float) s;
                }
            }
        }
        return new Clip(out, c.frames(), c.channels(), h, w, c.fps());
    }
}

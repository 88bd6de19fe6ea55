package dev.vireo.report;

import dev.vireo.io.Clip;
import java.awt.image.BufferedImage;
import java.util.List;

/** Puts clips side by side (measurement | restored | reference) and turns frames into images. */
public final class Panels {
    private static final int GAP = 4;

    private Panels() {}

    /**
     * Clips placed left to right with a small black gap, each resized (nearest neighbour) to the height of the
     * tallest, so a low-resolution measurement shows at the size of the restoration. Frame counts must agree
     * or be 1 less than a common count (shorter clips repeat their last frame).
     */
    public static Clip sideBySide(List<Clip> clips) {
        int frames = clips.stream().mapToInt(Clip::frames).max().orElseThrow();
        int height = clips.stream().mapToInt(Clip::height).max().orElseThrow();
        int[] widths = clips.stream().mapToInt(c -> (int) Math.round((double) c.width() * height / c.height())).toArray();
        int width = GAP * (clips.size() - 1);
        for (int w : widths) {
            width += w;
        }
        width += width % 2; // video encoders want even sizes
        float[] out = new float[frames * 3 * height * width];
        int x0 = 0;
        for (int k = 0; k < clips.size(); k++) {
            Clip c = clips.get(k);
            for (int f = 0; f < frames; f++) {
                int sf = Math.min(f, c.frames() - 1);
                for (int ch = 0; ch < 3; ch++) {
                    int sch = c.channels() == 1 ? 0 : ch;
                    for (int y = 0; y < height; y++) {
                        int sy = Math.min(c.height() - 1, y * c.height() / height);
                        for (int x = 0; x < widths[k]; x++) {
                            int sx = Math.min(c.width() - 1, x * c.width() / widths[k]);
                            float v = c.data()[((sf * c.channels() + sch) * c.height() + sy) * c.width() + sx];
                            out[((f * 3 + ch) * height + y) * width + x0 + x] = v;
                        }
                    }
                }
            }
            x0 += widths[k] + GAP;
        }
        return new Clip(out, frames, 3, height, width, clips.get(0).fps());
    }

    /** Frame {@code f} of a clip as an 8-bit RGB image (values clamped to [0, 1]). */
    public static BufferedImage frame(Clip c, int f) {
        BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_INT_RGB);
        int plane = c.height() * c.width();
        int base = f * c.channels() * plane;
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) {
                int i = base + y * c.width() + x;
                int r = to8(c.data()[i]);
                int g = c.channels() == 1 ? r : to8(c.data()[i + plane]);
                int b = c.channels() == 1 ? r : to8(c.data()[i + 2 * plane]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** A contact sheet: up to {@code maxFrames} evenly spaced frames of the clip, one per row. */
    public static BufferedImage contactSheet(Clip sideBySide, int maxFrames) {
        int n = Math.min(maxFrames, sideBySide.frames());
        BufferedImage sheet = new BufferedImage(sideBySide.width(), n * (sideBySide.height() + GAP) - GAP,
                BufferedImage.TYPE_INT_RGB);
        var g = sheet.createGraphics();
        for (int i = 0; i < n; i++) {
            int f = n == 1 ? 0 : i * (sideBySide.frames() - 1) / (n - 1);
            g.drawImage(frame(sideBySide, f), 0, i * (sideBySide.height() + GAP), null);
        }
        g.dispose();
        return sheet;
    }

    private static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}

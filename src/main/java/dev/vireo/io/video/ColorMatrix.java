package dev.vireo.io.video;

/**
 * The Y'CbCr matrix of a stream (ITU-R BT.601, BT.709 or BT.2020 non-constant luminance), with the
 * conversions to and from gamma-encoded RGB in [0, 1]. Samples are 8-bit code values; {@code fullRange}
 * selects full (0..255, "JPEG") instead of limited/studio range (Y 16..235, Cb/Cr 16..240).
 */
public enum ColorMatrix {
    BT601(0.299, 0.114),
    BT709(0.2126, 0.0722),
    BT2020(0.2627, 0.0593);

    /** Luma weights of red and blue; green is the rest. */
    private final double kr, kb;

    ColorMatrix(double kr, double kb) {
        this.kr = kr;
        this.kb = kb;
    }

    /**
     * The matrix to assume when a stream does not say: BT.709 from 720 lines up (HD), BT.601 below,
     * which is what players and FFmpeg's own filters do.
     */
    public static ColorMatrix defaultFor(int height) {
        return height >= 720 ? BT709 : BT601;
    }

    /** Luma Y' of gamma-encoded RGB (any scale: the weights sum to one). */
    public double luma(double r, double g, double b) {
        return kr * r + (1 - kr - kb) * g + kb * b;
    }

    /** Converts one 8-bit Y'CbCr sample to RGB in [0, 1] (clamped), written to {@code rgb[0..2]}. */
    public void toRgb(int y, int cb, int cr, boolean fullRange, float[] rgb) {
        float[] t = tables(fullRange);
        rgb[0] = clamp(t[y] + t[CR_R + cr]);
        rgb[1] = clamp(t[y] + t[CB_G + cb] + t[CR_G + cr]);
        rgb[2] = clamp(t[y] + t[CB_B + cb]);
    }

    /** Converts RGB in [0, 1] to rounded 8-bit Y'CbCr written to {@code ycc[0..2]}. */
    public void fromRgb(float r, float g, float b, boolean fullRange, int[] ycc) {
        double yn = kr * r + (1 - kr - kb) * g + kb * b;
        double pb = (b - yn) / (2 * (1 - kb));
        double pr = (r - yn) / (2 * (1 - kr));
        double ys = fullRange ? 255 : 219, yo = fullRange ? 0 : 16, cs = fullRange ? 255 : 224;
        ycc[0] = quant(yo + yn * ys);
        ycc[1] = quant(128 + pb * cs);
        ycc[2] = quant(128 + pr * cs);
    }

    // Offsets of the five 256-entry lookup tables: the conversion is linear, so
    // R = Y + CrR, G = Y + CbG + CrG, B = Y + CbB exactly (before clamping).
    static final int CR_R = 256, CB_G = 512, CR_G = 768, CB_B = 1024;

    /** Lookup tables for 8-bit samples, shared by {@link #toRgb} and the decoders. */
    float[] tables(boolean fullRange) {
        float[] t = fullRange ? full : limited;
        if (t == null) {
            t = new float[5 * 256];
            double kg = 1 - kr - kb;
            double ys = fullRange ? 255 : 219, yo = fullRange ? 0 : 16, cs = fullRange ? 255 : 224;
            for (int v = 0; v < 256; v++) {
                double c = (v - 128) / cs;
                t[v] = (float) ((v - yo) / ys);
                t[CR_R + v] = (float) (2 * (1 - kr) * c);
                t[CB_G + v] = (float) (-2 * kb * (1 - kb) / kg * c);
                t[CR_G + v] = (float) (-2 * kr * (1 - kr) / kg * c);
                t[CB_B + v] = (float) (2 * (1 - kb) * c);
            }
            if (fullRange) {
                full = t;
            } else {
                limited = t;
            }
        }
        return t;
    }

    private volatile float[] full, limited;

    static float clamp(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }

    private static int quant(double v) {
        return (int) Math.min(255, Math.max(0, Math.round(v)));
    }
}

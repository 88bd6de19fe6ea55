package dev.vireo.io.video;

import static org.junit.jupiter.api.Assertions.*;

import dev.vireo.io.Clip;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColorMatrixTest {
    private static final float TOL = 1.5f / 255;

    private static void assertRgb(ColorMatrix m, boolean full, int y, int cb, int cr, double r, double g, double b) {
        float[] rgb = new float[3];
        m.toRgb(y, cb, cr, full, rgb);
        String what = m + (full ? " full " : " limited ") + y + "," + cb + "," + cr;
        assertEquals(r, rgb[0], TOL, what + " R");
        assertEquals(g, rgb[1], TOL, what + " G");
        assertEquals(b, rgb[2], TOL, what + " B");
    }

    @Test
    void knownCodesGiveTheTextbookColours() {
        // Primaries as listed in BT.601 / BT.709 tables (8-bit, limited range).
        assertRgb(ColorMatrix.BT601, false, 81, 90, 240, 1, 0, 0);
        assertRgb(ColorMatrix.BT601, false, 145, 54, 34, 0, 1, 0);
        assertRgb(ColorMatrix.BT601, false, 41, 240, 110, 0, 0, 1);
        assertRgb(ColorMatrix.BT709, false, 63, 102, 240, 1, 0, 0);
        assertRgb(ColorMatrix.BT709, false, 173, 42, 26, 0, 1, 0);
        assertRgb(ColorMatrix.BT709, false, 32, 240, 118, 0, 0, 1);
        // Full range (JPEG/JFIF style for BT.601).
        assertRgb(ColorMatrix.BT601, true, 76, 85, 255, 1, 0, 0);
        assertRgb(ColorMatrix.BT709, true, 54, 99, 255, 1, 0, 0);
        // Black, white, mid grey in both ranges.
        for (ColorMatrix m : ColorMatrix.values()) {
            assertRgb(m, false, 16, 128, 128, 0, 0, 0);
            assertRgb(m, false, 235, 128, 128, 1, 1, 1);
            assertRgb(m, true, 0, 128, 128, 0, 0, 0);
            assertRgb(m, true, 255, 128, 128, 1, 1, 1);
            assertRgb(m, true, 128, 128, 128, 128 / 255.0, 128 / 255.0, 128 / 255.0);
        }
        // The same code is a visibly different colour under the two matrices: the choice matters.
        float[] a = new float[3], b = new float[3];
        ColorMatrix.BT601.toRgb(81, 90, 240, false, a);
        ColorMatrix.BT709.toRgb(81, 90, 240, false, b);
        assertTrue(Math.abs(a[1] - b[1]) > 0.05, "G differs between 601 and 709");
    }

    @Test
    void fromRgbInvertsToRgb() {
        Random rnd = new Random(1);
        int[] ycc = new int[3];
        float[] rgb = new float[3];
        for (ColorMatrix m : ColorMatrix.values()) {
            for (boolean full : new boolean[] {false, true}) {
                for (int i = 0; i < 1000; i++) {
                    float r = rnd.nextFloat(), g = rnd.nextFloat(), bl = rnd.nextFloat();
                    m.fromRgb(r, g, bl, full, ycc);
                    m.toRgb(ycc[0], ycc[1], ycc[2], full, rgb);
                    // 8-bit Y'CbCr quantisation: within ~2.5 code values of RGB.
                    assertEquals(r, rgb[0], 2.5 / 219, m + " R");
                    assertEquals(g, rgb[1], 2.5 / 219, m + " G");
                    assertEquals(bl, rgb[2], 2.5 / 219, m + " B");
                }
            }
        }
    }

    @Test
    void defaultMatrixFollowsResolution() {
        assertEquals(ColorMatrix.BT601, ColorMatrix.defaultFor(576));
        assertEquals(ColorMatrix.BT709, ColorMatrix.defaultFor(720));
        assertEquals(ColorMatrix.BT709, ColorMatrix.defaultFor(1080));
    }

    /** A y4m file with constant Y/Cb/Cr 4:2:0 planes (the decoder passes the codes through untouched). */
    private static Path y4m(Path dir, String name, int w, int h, String extra, int y, int cb, int cr, int frames)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("YUV4MPEG2 W" + w + " H" + h + " F25:1 Ip A1:1 C420jpeg" + extra + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int f = 0; f < frames; f++) {
            out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.write(filled(w * h, y));
            out.write(filled(w * h / 4, cb));
            out.write(filled(w * h / 4, cr));
        }
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    private static void assertDecodes(Path file, ColorMatrix m, boolean full, double r, double g, double b) {
        try (VideoSource s = Videos.open(file, ReadOptions.defaults())) {
            assertEquals(m, s.info().matrix(), file + " matrix");
            assertEquals(full, s.info().fullRange(), file + " range");
            Clip c = s.read(4);
            assertEquals(2, c.frames());
            int plane = c.width() * c.height();
            for (int i = 0; i < c.data().length; i += 97) {
                int ch = (i / plane) % 3;
                assertEquals(ch == 0 ? r : ch == 1 ? g : b, c.data()[i], TOL, file + " channel " + ch);
            }
        }
    }

    @Test
    void lumaDetailPassesThroughUnfiltered(@TempDir Path dir) throws Exception {
        // Random luma with neutral chroma: chroma upsampling must not touch luma, so every pixel is
        // exactly toRgb(Y, 128, 128).
        int w = 48, h = 32;
        byte[] luma = new byte[w * h];
        new Random(5).nextBytes(luma);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("YUV4MPEG2 W" + w + " H" + h + " F25:1 Ip A1:1 C420jpeg\nFRAME\n").getBytes(StandardCharsets.US_ASCII));
        out.write(luma);
        out.write(filled(w * h / 2, 128));
        Path p = dir.resolve("luma.y4m");
        Files.write(p, out.toByteArray());
        Clip c = Videos.read(p, ReadOptions.defaults());
        float[] rgb = new float[3];
        for (int i = 0; i < w * h; i++) {
            ColorMatrix.BT601.toRgb(luma[i] & 0xff, 128, 128, false, rgb);
            assertEquals(rgb[0], c.data()[i], 1e-6f, "pixel " + i);
            assertEquals(rgb[1], c.data()[w * h + i], 1e-6f, "pixel " + i);
        }
    }

    @Test
    void decoderAppliesTheStreamsMatrixAndRange(@TempDir Path dir) throws Exception {
        // SD, limited: BT.601 red.
        assertDecodes(y4m(dir, "sd.y4m", 32, 16, "", 81, 90, 240, 2), ColorMatrix.BT601, false, 1, 0, 0);
        // HD (720 lines), limited: the same code means BT.709 red only with the 709 matrix.
        assertDecodes(y4m(dir, "hd.y4m", 16, 720, "", 63, 102, 240, 2), ColorMatrix.BT709, false, 1, 0, 0);
        // Full range flagged in the stream.
        assertDecodes(y4m(dir, "full.y4m", 32, 16, " XCOLORRANGE=FULL", 76, 85, 255, 2), ColorMatrix.BT601, true, 1, 0, 0);
    }
}

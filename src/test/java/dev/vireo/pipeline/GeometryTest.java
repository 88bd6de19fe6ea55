package dev.vireo.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.io.video.VideoTestSupport;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeometryTest {
    private static Clip ramp(int frames, int h, int w) {
        float[] d = new float[frames * 3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return new Clip(d, frames, 3, h, w, 24);
    }

    private static Clip random(int frames, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] d = new float[frames * 3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return new Clip(d, frames, 3, h, w, 24);
    }

    @Test
    void padReflectsLikeNumpyAndIsUndone() {
        Clip one = new Clip(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, 1, 3, 1, 3, 24);
        Geometry g = Geometry.pad(3, 1, 5);
        assertEquals(5, g.networkWidth());
        assertEquals(5, g.networkHeight());
        Clip p = g.toNetwork(one);
        // Row reflect (np.pad mode="reflect"): 0 1 2 | 1 0; a single row repeats itself downwards.
        for (int y = 0; y < 5; y++) {
            assertArrayEquals(new float[] {0, 1, 2, 1, 0}, java.util.Arrays.copyOfRange(p.data(), y * 5, y * 5 + 5));
        }
        Clip x = random(2, 37, 50, 3);
        Geometry g8 = Geometry.pad(50, 37, 8);
        Clip net = g8.toNetwork(x);
        assertEquals(40, net.height());
        assertEquals(56, net.width());
        assertEquals(24, net.fps());
        assertArrayEquals(x.data(), g8.fromNetwork(net).data());
        assertTrue(g8.invertible());
        // Already a multiple: padding is a no-op size-wise.
        assertEquals(64, Geometry.pad(64, 48, 8).networkWidth());
        assertEquals(48, Geometry.pad(64, 48, 8).networkHeight());
        // Reflection folds back when the pad is longer than the frame.
        assertArrayEquals(new int[] {0, 1, 2, 1, 0, 1, 2, 1}, java.util.stream.IntStream.range(0, 8).map(i -> Geometry.reflect(i, 3)).toArray());
    }

    @Test
    void cropTakesTheCentre() {
        Clip x = ramp(1, 6, 8);
        Geometry g = Geometry.crop(8, 6, 4, 2);
        Clip c = g.toNetwork(x);
        // offsets ((8-4)/2, (6-2)/2) = (2, 2): rows 2..3, columns 2..5 of each channel
        assertArrayEquals(new float[] {18, 19, 20, 21, 26, 27, 28, 29}, java.util.Arrays.copyOf(c.data(), 8));
        assertEquals(48 + 18, c.data()[8]);
        assertFalse(g.invertible());
        assertThrows(IllegalStateException.class, () -> g.fromNetwork(c));
        assertThrows(InvalidInputException.class, () -> Geometry.crop(8, 6, 9, 2));
    }

    @Test
    void areaResizeAveragesCoveredPixels() {
        // 4x4 -> 2x2: exact 2x2 block means.
        Clip x = ramp(1, 4, 4);
        Clip r = Geometry.resize(4, 4, 2, 2).toNetwork(x);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, java.util.Arrays.copyOf(r.data(), 4), 1e-5f);
        // 3 -> 2 columns: [a, b, c] -> [(a + b/2)/1.5, (b/2 + c)/1.5]
        Clip row = new Clip(new float[] {3, 6, 9, 0, 0, 0, 0, 0, 0}, 1, 3, 1, 3, 24);
        Clip r2 = Geometry.resize(3, 1, 2, 1).toNetwork(row);
        assertEquals((3 + 3) / 1.5f, r2.data()[0], 1e-5f);
        assertEquals((3 + 9) / 1.5f, r2.data()[1], 1e-5f);
        // Area resampling keeps the mean of any image.
        Clip big = random(1, 144, 176, 7);
        Clip small = Geometry.resize(176, 144, 64, 48).toNetwork(big);
        assertEquals(VideoTestSupport.mean(big.data()), VideoTestSupport.mean(small.data()), 1e-5);
    }

    @Test
    void squareResizeIsCentreCropThenArea() {
        Clip x = random(2, 144, 176, 11);
        Geometry g = Geometry.squareResize(176, 144, 64);
        Clip y = g.toNetwork(x);
        assertEquals(64, y.width());
        assertEquals(64, y.height());
        Clip expected = Geometry.resize(144, 144, 64, 64).toNetwork(Geometry.crop(176, 144, 144, 144).toNetwork(x));
        assertArrayEquals(expected.data(), y.data());
        // 144 -> 64 is a factor 2.25: the first output pixel is the mean of the 2.25x2.25 top-left area of the crop.
        Clip crop = Geometry.crop(176, 144, 144, 144).toNetwork(x);
        double s = 0;
        double[] wts = {1, 1, 0.25};
        for (int yy = 0; yy < 3; yy++) {
            for (int xx = 0; xx < 3; xx++) {
                s += wts[yy] * wts[xx] * crop.data()[yy * 144 + xx];
            }
        }
        assertEquals(s / (2.25 * 2.25), y.data()[0], 1e-5);
    }

    @Test
    void parseSpecs() {
        assertEquals(Geometry.Mode.NONE, Geometry.parse("none", 176, 144).mode());
        Geometry p = Geometry.parse("pad:8", 175, 143);
        assertEquals(176, p.networkWidth());
        assertEquals(144, p.networkHeight());
        Geometry c = Geometry.parse("crop:square", 176, 144);
        assertEquals(144, c.networkWidth());
        assertEquals(Geometry.Mode.CROP, c.mode());
        assertEquals(128, Geometry.parse("crop:128x96", 176, 144).networkWidth());
        assertEquals(96, Geometry.parse("resize:128x96", 176, 144).networkHeight());
        Geometry s = Geometry.parse("square:64", 176, 144);
        assertEquals(Geometry.Mode.SQUARE_RESIZE, s.mode());
        assertEquals(64, s.networkHeight());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Geometry.parse("zoom:2", 176, 144));
        assertTrue(e.getMessage().contains("pad:M"));
        assertThrows(InvalidInputException.class, () -> Geometry.parse("pad:x", 176, 144));
        assertThrows(InvalidInputException.class, () -> Geometry.pad(176, 144, 8).toNetwork(new Clip(new float[3 * 4], 1, 3, 2, 2, 24)));
    }

    @Test
    void realClipThroughPadAndBack() {
        Clip clip = VideoTestSupport.carphone8();
        Geometry g = Geometry.pad(clip.width(), clip.height(), 32);
        Clip net = g.toNetwork(clip);
        assertEquals(0, net.width() % 32);
        assertEquals(0, net.height() % 32);
        assertArrayEquals(clip.data(), g.fromNetwork(net).data());
    }
}

package dev.vireo.io.video;

import static dev.vireo.io.video.VideoTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.vireo.io.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideosRoundTripTest {
    static Clip clip;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        clip = carphone8();
        assertEquals(8, clip.frames());
        assertEquals(144, clip.height());
        assertEquals(176, clip.width());
    }

    private Clip roundTrip(String name) {
        Path out = dir.resolve(name);
        long t0 = System.nanoTime();
        Videos.write(out, clip, WriteOptions.defaults());
        long t1 = System.nanoTime();
        Clip back = Videos.read(out, ReadOptions.defaults());
        long t2 = System.nanoTime();
        System.out.printf("%s: write %.0f ms, read %.0f ms%n", name, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        assertEquals(clip.frames(), back.frames(), name + " frame count");
        assertEquals(clip.height(), back.height(), name + " height");
        assertEquals(clip.width(), back.width(), name + " width");
        assertNoTempFiles();
        return back;
    }

    private void assertNoTempFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().contains(".partial-")).count(), "temp files left");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mp4IsHighQualityAndKeepsFps() {
        Clip back = roundTrip("out.mp4");
        assertEquals(clip.fps(), back.fps(), 1e-3);
        double p = psnr(quantised(clip.data()), back.data());
        System.out.printf("mp4 PSNR %.2f dB%n", p);
        assertTrue(p >= 35, "mp4 PSNR " + p);
        VideoInfo info;
        try (VideoSource s = Videos.open(dir.resolve("out.mp4"), ReadOptions.defaults())) {
            info = s.info();
        }
        assertEquals("h264", info.codec());
        assertEquals(ColorMatrix.BT601, info.matrix());
        assertFalse(info.fullRange());
    }

    @Test
    void movAviAndWebmAreHighQuality() {
        for (String name : new String[] {"out.mov", "out.avi", "out.webm"}) {
            Clip back = roundTrip(name);
            assertEquals(clip.fps(), back.fps(), 1e-3, name);
            double p = psnr(quantised(clip.data()), back.data());
            System.out.printf("%s PSNR %.2f dB%n", name, p);
            assertTrue(p >= 35, name + " PSNR " + p);
        }
    }

    @Test
    void ffv1MkvIsBitExact() {
        Clip back = roundTrip("out.mkv");
        assertEquals(clip.fps(), back.fps(), 1e-3);
        assertArrayEquals(quantised(clip.data()), back.data());
    }

    @Test
    void pngFolderIsBitExactAndKeepsFps() throws Exception {
        Clip back = roundTrip("frames");
        assertEquals(clip.fps(), back.fps(), 1e-9);
        assertArrayEquals(quantised(clip.data()), back.data());
        assertTrue(Files.isRegularFile(dir.resolve("frames/frame_000007.png")));
        // Rewriting replaces the folder as a whole (no stale frames from a longer earlier clip).
        Clip two = new Clip(java.util.Arrays.copyOf(clip.data(), 2 * 3 * 144 * 176), 2, 3, 144, 176, 10);
        Videos.write(dir.resolve("frames"), two, WriteOptions.defaults());
        Clip again = Videos.read(dir.resolve("frames"), ReadOptions.defaults());
        assertEquals(2, again.frames());
        assertEquals(10, again.fps(), 1e-9);
    }

    @Test
    void npyIsExact() {
        Clip back = roundTrip("out.npy");
        assertArrayEquals(clip.data(), back.data());
        assertEquals(ReadOptions.defaults().fallbackFps(), back.fps());
    }

    @Test
    void gifReadsBackWithAllFrames() throws Exception {
        Clip back = roundTrip("out.gif");
        double p = psnr(clip.data(), back.data());
        System.out.printf("gif PSNR %.2f dB%n", p);
        assertTrue(p >= 25, "gif PSNR " + p);
        try (ImageInputStream in = ImageIO.createImageInputStream(dir.resolve("out.gif").toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(8, r.getNumImages(true));
        }
    }

    @Test
    void imageFoldersAreReadInNameOrderIncludingJpeg() throws Exception {
        Path shots = Files.createDirectory(dir.resolve("shots"));
        int per = 3 * 144 * 176;
        // Frames 0..2 written out of order under zero-padded names; frame 1 as a high-quality JPEG.
        for (int k : new int[] {2, 0, 1}) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(176, 144, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < 144 * 176; i++) {
                float[] d = clip.data();
                img.setRGB(i % 176, i / 176, Videos.to8bit(d[k * per + i]) << 16 | Videos.to8bit(d[k * per + 144 * 176 + i]) << 8
                        | Videos.to8bit(d[k * per + 2 * 144 * 176 + i]));
            }
            String ext = k == 1 ? "jpg" : "png";
            ImageIO.write(img, ext, shots.resolve(String.format("img_%03d.%s", k, ext)).toFile());
        }
        Files.writeString(shots.resolve("notes.txt"), "ignored");
        Clip back = Videos.read(shots, ReadOptions.defaults().fallbackFps(12));
        assertEquals(3, back.frames());
        assertEquals(12, back.fps());
        float[] q = quantised(clip.data());
        assertArrayEquals(java.util.Arrays.copyOfRange(q, 0, per), java.util.Arrays.copyOfRange(back.data(), 0, per));
        assertArrayEquals(java.util.Arrays.copyOfRange(q, 2 * per, 3 * per), java.util.Arrays.copyOfRange(back.data(), 2 * per, 3 * per));
        double p = psnr(java.util.Arrays.copyOfRange(q, per, 2 * per), java.util.Arrays.copyOfRange(back.data(), per, 2 * per));
        assertTrue(p > 30, "JPEG frame PSNR " + p);
        try (VideoSource s = Videos.open(shots, ReadOptions.defaults().start(1))) {
            assertEquals(3, s.info().frameCount());
            assertEquals(2, s.read(10).frames());
        }
    }

    @Test
    void streamingWindowsEqualOneShotRead() {
        Path out = dir.resolve("win.mkv");
        int per = 3 * 144 * 176;
        try (VideoSink sink = Videos.create(out, WriteOptions.defaults(), clip.fps())) {
            for (int k = 0; k < 8; k += 3) {
                int n = Math.min(3, 8 - k);
                sink.write(new Clip(java.util.Arrays.copyOfRange(clip.data(), k * per, (k + n) * per), n, 3, 144, 176, clip.fps()));
            }
        }
        try (VideoSource src = Videos.open(out, ReadOptions.defaults().start(2).frames(5))) {
            Clip a = src.read(3), b = src.read(3), c = src.read(3);
            assertEquals(3, a.frames());
            assertEquals(2, b.frames());
            assertEquals(0, c.frames());
            float[] q = quantised(clip.data());
            assertArrayEquals(java.util.Arrays.copyOfRange(q, 2 * per, 5 * per), a.data());
            assertArrayEquals(java.util.Arrays.copyOfRange(q, 5 * per, 7 * per), b.data());
        }
    }

    @Test
    void audioIsCopiedAndCutToTheClip() throws Exception {
        Path sine = dir.resolve("sine.mkv");
        writeSine(sine, 3.0);
        assertEquals(3.0, audioSeconds(sine), 0.05);
        Path out = dir.resolve("with-audio.mp4");
        // 8 frames at 4 fps = 2 s of video; the 3 s tone must be cut to about 2 s.
        Clip slow = new Clip(clip.data(), 8, 3, 144, 176, 4.0);
        Videos.write(out, slow, WriteOptions.defaults().audioFrom(sine));
        double a = audioSeconds(out);
        System.out.printf("audio in output: %.3f s for a 2.000 s clip%n", a);
        assertEquals(2.0, a, 0.05);
        try (VideoSource s = Videos.open(out, ReadOptions.defaults())) {
            assertTrue(s.info().hasAudio());
            assertEquals(4.0, s.info().fps(), 1e-6);
        }
        assertEquals(8, Videos.read(out, ReadOptions.defaults()).frames());
        // From an offset of 2.5 s only 0.5 s of tone is left.
        Path late = dir.resolve("late.mkv");
        Videos.write(late, slow, WriteOptions.defaults().audioFrom(sine, 2.5));
        assertEquals(0.5, audioSeconds(late), 0.05);
        // WebM cannot hold AAC: the tone is re-encoded (Opus) and still cut to the clip.
        Path webm = dir.resolve("with-audio.webm");
        Videos.write(webm, slow, WriteOptions.defaults().audioFrom(sine));
        double aw = audioSeconds(webm);
        System.out.printf("re-encoded audio in webm: %.3f s for a 2.000 s clip%n", aw);
        assertEquals(2.0, aw, 0.05);
        // The tone survives both paths: amplitude 8000/32768 gives an RMS of 0.1726.
        assertEquals(0.1726, audioRms(out), 0.01);
        assertEquals(0.1726, audioRms(webm), 0.01);
        try (VideoSource s = Videos.open(webm, ReadOptions.defaults())) {
            assertTrue(s.info().hasAudio());
        }
        // Without audioFrom there is no audio stream.
        Videos.write(dir.resolve("mute.mp4"), slow, WriteOptions.defaults());
        assertEquals(-1, audioSeconds(dir.resolve("mute.mp4")));
    }
}

package dev.vireo.io.video;

import static dev.vireo.io.video.VideoTestSupport.mean;
import static org.junit.jupiter.api.Assertions.*;

import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every clip shipped in shared/data/videos opens and decodes to plausible pictures. */
class SharedClipsTest {
    @Test
    void everySharedClipYieldsSaneFrames() throws Exception {
        List<Path> clips;
        try (Stream<Path> s = Files.list(SharedData.video(""))) {
            clips = s.filter(p -> p.toString().matches(".*\\.(mp4|264)$")).sorted().toList();
        }
        assertTrue(clips.size() >= 11, "expected the shared clips, found " + clips);
        for (Path p : clips) {
            long t0 = System.nanoTime();
            try (VideoSource src = Videos.open(p, ReadOptions.defaults().frames(3))) {
                VideoInfo info = src.info();
                Clip c = src.read(8);
                double ms = (System.nanoTime() - t0) / 1e6;
                double m = mean(c.data());
                System.out.printf("%-36s %-5s %4dx%-4d %6.3f fps frames=%-4d audio=%-5s %s%s mean=%.3f open+3 frames %.0f ms%n",
                        p.getFileName(), info.codec(), info.width(), info.height(), info.fps(), info.frameCount(),
                        info.hasAudio(), info.matrix(), info.fullRange() ? "/full" : "/limited", m, ms);
                assertEquals(3, c.frames(), p.toString());
                assertEquals(info.width(), c.width());
                assertEquals(info.height(), c.height());
                assertTrue(m > 0.05 && m < 0.95, p + " mean " + m);
                assertTrue(info.fps() > 1 && info.fps() < 121, p + " fps " + info.fps());
                if (p.toString().endsWith(".264")) {
                    assertEquals("h264", info.format());
                    // foreman/mobile carry no timing (25 fps default); flower's SPS says 30 fps.
                    assertEquals(p.toString().contains("flower") ? 30.0 : 25.0, info.fps(), 1e-9, p.toString());
                    assertEquals(-1, info.frameCount());
                } else {
                    assertTrue(info.frameCount() > 0, p + " frame count");
                }
                assertNotNull(info.matrix(), "Y'CbCr streams report their matrix");
            }
        }
    }

    @Test
    void rawStreamsTakeTheFallbackRateAndSpan() {
        Path foreman = SharedData.video("openh264-foreman-352x288.264");
        Clip all = Videos.read(foreman, ReadOptions.defaults().frames(6));
        Clip span = Videos.read(foreman, ReadOptions.defaults().start(4).frames(2).fallbackFps(30));
        assertEquals(30.0, span.fps());
        assertEquals(2, span.frames());
        int per = 3 * 288 * 352;
        assertArrayEquals(java.util.Arrays.copyOfRange(all.data(), 4 * per, 6 * per), span.data());
        try (VideoSource s = Videos.open(foreman, ReadOptions.defaults())) {
            assertEquals(ColorMatrix.BT601, s.info().matrix());
        }
    }

    @Test
    void hdRawStreamUsesBt709() {
        try (VideoSource s = Videos.open(SharedData.video("openh264-flower-1280x720.264"), ReadOptions.defaults())) {
            assertEquals(720, s.info().height());
            assertEquals(ColorMatrix.BT709, s.info().matrix());
        }
    }
}

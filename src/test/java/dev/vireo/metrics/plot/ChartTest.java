package dev.vireo.metrics.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    private static int countColor(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int nonWhite(BufferedImage img) {
        return img.getWidth() * img.getHeight() - countColor(img, Color.WHITE);
    }

    @Test
    void lineChartPngReadsBackAtSizeWithBothSeriesDrawn(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plots/psnr.png");
        new LineChart("PSNR per frame", "frame", "PSNR (dB)")
                .addSeries("ours", new double[] {30.1, 30.8, 31.2, Double.POSITIVE_INFINITY, 30.5, 30.9})
                .addSeries("baseline", new double[] {26.2, 26.1, 26.4, 26.3, 26.0, 26.2})
                .writePng(png, 640, 360);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(360, img.getHeight());
        assertTrue(nonWhite(img) > 2000, "chart is nearly blank");
        // Both series' colours (first two palette entries) appear in solid runs.
        assertTrue(countColor(img, Chart.color(0)) > 200);
        assertTrue(countColor(img, Chart.color(1)) > 200);
    }

    @Test
    void barChartPngReadsBackAtSize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("runtime.png");
        new BarChart("Runtime", "configuration", "s / frame", List.of("fp32", "bf16", "fp16"))
                .addSeries("CPU", new double[] {4.0, 2.5, 2.4})
                .addSeries("GPU", new double[] {0.2, 0.1, Double.NaN})
                .writePng(png, 500, 300);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
        // The tallest CPU bar spans most of the plot height, so its colour covers thousands of pixels.
        assertTrue(countColor(img, Chart.color(0)) > 3000);
        assertTrue(countColor(img, Chart.color(1)) > 50);
    }

    @Test
    void rejectsMismatchedSeriesAndTinyImages() {
        assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "x", "y", List.of("a", "b")).addSeries("s", new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new LineChart("t", "x", "y").addSeries("s", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").render(50, 50));
    }

    @Test
    void niceAxisSnapsToRoundSteps() {
        Axis a = Axis.nice(26.03, 31.17, 5);
        assertEquals(1.0, a.step(), 1e-12);
        assertEquals(26.0, a.min(), 1e-12);
        assertEquals(32.0, a.max(), 1e-12);
        assertEquals("27", a.label(27));
        Axis b = Axis.nice(0.631, 0.648, 4);
        assertEquals(0.005, b.step(), 1e-12);
        assertEquals("0.635", b.label(0.635));
    }
}

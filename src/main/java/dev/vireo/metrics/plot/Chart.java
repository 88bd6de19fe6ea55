package dev.vireo.metrics.plot;

import dev.vireo.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What line and bar charts share: title, axis labels, a y value axis with grid, legend, PNG output.
 * Subclasses supply the y extent of their data, the x axis and the marks.
 */
abstract class Chart {
    static {
        // Charts are drawn off-screen; without this a set but unreachable DISPLAY would break AWT.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Tableau-10 colours: distinguishable and colour-blind tolerant. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };
    private static final int PAD = 10;
    private static final int MIN_SIZE = 120;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    final List<String> names = new ArrayList<>();

    Chart(String title, String xLabel, String yLabel) {
        this.title = title == null ? "" : title;
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
    }

    /** [min, max] over the finite y values to show, or NaNs when there are none. */
    abstract double[] yExtent();

    /** Whether the y axis must include 0 (bars grow from 0). */
    abstract boolean yFromZero();

    /** Draws the x tick marks and labels below the plot area. */
    abstract void drawXAxis(Graphics2D g, Rectangle plot, Font tickFont);

    abstract void drawMarks(Graphics2D g, Rectangle plot, Axis y);

    static Color color(int series) {
        return PALETTE[series % PALETTE.length];
    }

    /** Draws the chart into a new RGB image of the given size (at least 120×120). */
    public BufferedImage render(int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("chart size must be at least " + MIN_SIZE + "x" + MIN_SIZE + ", got "
                    + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int base = Math.min(width, height);
            Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, base / 24));
            Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, base / 34));
            Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, base / 40));

            double[] ext = yExtent();
            double lo = ext[0];
            double hi = ext[1];
            if (yFromZero()) {
                lo = Double.isFinite(lo) ? Math.min(0, lo) : 0;
                hi = Double.isFinite(hi) ? Math.max(0, hi) : 1;
                // Headroom so the longest bar does not touch the frame; the zero side stays flush.
                double pad = 0.05 * (hi - lo);
                hi += hi > 0 ? pad : 0;
                lo -= lo < 0 ? pad : 0;
            } else if (Double.isFinite(lo)) {
                double pad = 0.05 * (hi - lo);
                lo -= pad;
                hi += pad;
            }
            Axis y = Axis.nice(lo, hi, Math.max(2, height / 70));

            FontMetrics tfm = g.getFontMetrics(tickFont);
            int tickWidth = 0;
            for (double t : y.ticks()) {
                tickWidth = Math.max(tickWidth, tfm.stringWidth(y.label(t)));
            }
            FontMetrics lfm = g.getFontMetrics(labelFont);
            FontMetrics hfm = g.getFontMetrics(titleFont);
            int left = PAD + (yLabel.isEmpty() ? 0 : lfm.getHeight() + PAD / 2) + tickWidth + PAD / 2;
            List<List<String>> legendRows = legendRows(tfm, width - 2 * PAD);
            int top = PAD + (title.isEmpty() ? 0 : hfm.getHeight() + PAD / 2) + legendRows.size() * tfm.getHeight()
                    + (legendRows.isEmpty() ? 0 : PAD / 2);
            int bottom = PAD + (xLabel.isEmpty() ? 0 : lfm.getHeight() + PAD / 2) + tfm.getHeight() + PAD / 2;
            int right = PAD + tfm.stringWidth("0000") / 2;
            Rectangle plot = new Rectangle(left, top, width - left - right, height - top - bottom);

            g.setFont(tickFont);
            for (double t : y.ticks()) {
                int py = (int) Math.round(y.toPixel(t, plot.y + plot.height, plot.y));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(plot.x, py, plot.x + plot.width, py);
                g.setColor(Color.DARK_GRAY);
                String s = y.label(t);
                g.drawString(s, plot.x - PAD / 2 - tfm.stringWidth(s), py + tfm.getAscent() / 2 - 1);
            }
            Graphics2D clipped = (Graphics2D) g.create();
            clipped.clipRect(plot.x, plot.y, plot.width + 1, plot.height + 1);
            drawMarks(clipped, plot, y);
            clipped.dispose();
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(plot.x, plot.y, plot.width, plot.height);
            g.setFont(tickFont);
            drawXAxis(g, plot, tickFont);

            g.setColor(Color.BLACK);
            if (!title.isEmpty()) {
                g.setFont(titleFont);
                g.drawString(title, (width - hfm.stringWidth(title)) / 2, PAD + hfm.getAscent());
            }
            g.setFont(labelFont);
            if (!xLabel.isEmpty()) {
                g.drawString(xLabel, plot.x + (plot.width - lfm.stringWidth(xLabel)) / 2, height - PAD - lfm.getDescent());
            }
            if (!yLabel.isEmpty()) {
                AffineTransform saved = g.getTransform();
                g.rotate(-Math.PI / 2);
                g.drawString(yLabel, -(plot.y + (plot.height + lfm.stringWidth(yLabel)) / 2), PAD + lfm.getAscent());
                g.setTransform(saved);
            }
            drawLegend(g, legendRows, tickFont, width, PAD + (title.isEmpty() ? 0 : hfm.getHeight() + PAD / 2));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Legend entries (swatch + name) laid out in centred rows above the plot, so they never hide data. */
    private List<List<String>> legendRows(FontMetrics fm, int maxWidth) {
        List<List<String>> rows = new ArrayList<>();
        int used = 0;
        for (String n : names) {
            int w = entryWidth(fm, n);
            if (rows.isEmpty() || used + w > maxWidth) {
                rows.add(new ArrayList<>());
                used = 0;
            }
            rows.get(rows.size() - 1).add(n);
            used += w;
        }
        return rows;
    }

    private static int entryWidth(FontMetrics fm, String name) {
        return fm.getHeight() * 2 + fm.stringWidth(name) + PAD;
    }

    private void drawLegend(Graphics2D g, List<List<String>> rows, Font font, int width, int top) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics(font);
        int swatch = fm.getHeight();
        int index = 0;
        for (int r = 0; r < rows.size(); r++) {
            int rowWidth = rows.get(r).stream().mapToInt(n -> entryWidth(fm, n)).sum();
            int x = (width - rowWidth) / 2;
            int y = top + r * fm.getHeight();
            for (String n : rows.get(r)) {
                g.setColor(color(index++));
                g.fillRect(x, y + fm.getHeight() / 3, swatch * 3 / 2, Math.max(3, fm.getHeight() / 3));
                g.setColor(Color.BLACK);
                g.drawString(n, x + swatch * 2, y + fm.getAscent());
                x += entryWidth(fm, n);
            }
        }
    }

    /** Renders and writes a PNG atomically (temporary file, then rename). */
    public void writePng(Path path, int width, int height) throws IOException {
        BufferedImage img = render(width, height);
        AtomicFiles.write(path, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    static double[] extent(double[] v, double[] acc) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                acc[0] = Double.isNaN(acc[0]) ? d : Math.min(acc[0], d);
                acc[1] = Double.isNaN(acc[1]) ? d : Math.max(acc[1], d);
            }
        }
        return acc;
    }
}

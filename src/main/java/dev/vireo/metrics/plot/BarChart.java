package dev.vireo.metrics.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A grouped bar chart drawn with Java2D: one group per category, one bar per series in each group, bars
 * grow from 0 (e.g. seconds per frame of several configurations). Non-finite values draw no bar.
 * Category labels that would overlap are thinned to every k-th.
 *
 * <pre>new BarChart("Runtime", "configuration", "s / frame", List.of("fp32", "bf16"))
 *     .addSeries("CPU", cpu).addSeries("GPU", gpu)
 *     .writePng(Path.of("runtime.png"), 640, 400);</pre>
 */
public final class BarChart extends Chart {
    private final List<String> categories;
    private final List<double[]> series = new ArrayList<>();

    public BarChart(String title, String xLabel, String yLabel, List<String> categories) {
        super(title, xLabel, yLabel);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one category");
        }
        this.categories = List.copyOf(categories);
    }

    /** Adds a series with one value per category, in category order. */
    public BarChart addSeries(String name, double[] values) {
        if (values.length != categories.size()) {
            throw new IllegalArgumentException("series '" + name + "' has " + values.length + " values for "
                    + categories.size() + " categories");
        }
        names.add(name);
        series.add(values.clone());
        return this;
    }

    @Override
    double[] yExtent() {
        double[] acc = {Double.NaN, Double.NaN};
        series.forEach(v -> extent(v, acc));
        return acc;
    }

    @Override
    boolean yFromZero() {
        return true;
    }

    @Override
    void drawXAxis(Graphics2D g, Rectangle plot, Font tickFont) {
        FontMetrics fm = g.getFontMetrics(tickFont);
        double group = (double) plot.width / categories.size();
        int widest = categories.stream().mapToInt(fm::stringWidth).max().orElse(0) + 6;
        int every = Math.max(1, (int) Math.ceil(widest / group));
        for (int c = 0; c < categories.size(); c += every) {
            String s = categories.get(c);
            int cx = (int) Math.round(plot.x + (c + 0.5) * group);
            g.drawString(s, cx - fm.stringWidth(s) / 2, plot.y + plot.height + 6 + fm.getAscent());
        }
    }

    @Override
    void drawMarks(Graphics2D g, Rectangle plot, Axis y) {
        double group = (double) plot.width / categories.size();
        double bar = 0.8 * group / Math.max(1, series.size());
        double zero = y.toPixel(0, plot.y + plot.height, plot.y);
        for (int i = 0; i < series.size(); i++) {
            g.setColor(color(i));
            double[] v = series.get(i);
            for (int c = 0; c < v.length; c++) {
                if (!Double.isFinite(v[c])) {
                    continue;
                }
                double left = plot.x + c * group + 0.1 * group + i * bar;
                double top = y.toPixel(v[c], plot.y + plot.height, plot.y);
                g.fill(new Rectangle2D.Double(left, Math.min(top, zero), Math.max(1, bar - 1), Math.abs(zero - top)));
            }
        }
    }
}

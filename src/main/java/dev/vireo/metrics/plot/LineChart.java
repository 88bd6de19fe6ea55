package dev.vireo.metrics.plot;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart of one or more (x, y) series drawn with Java2D, e.g. per-frame PSNR of several methods.
 * Non-finite y values (such as the +Infinity PSNR of an exact frame) leave a gap in the line. Points
 * get markers while a series has at most 60 of them.
 *
 * <pre>new LineChart("PSNR per frame", "frame", "PSNR (dB)")
 *     .addSeries("ours", psnr).addSeries("baseline", psnrBaseline)
 *     .writePng(Path.of("psnr.png"), 800, 450);</pre>
 */
public final class LineChart extends Chart {
    private record Series(double[] x, double[] y) {}

    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        super(title, xLabel, yLabel);
    }

    /** Adds a series with x = 0, 1, …, y.length − 1. */
    public LineChart addSeries(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return addSeries(name, x, y);
    }

    public LineChart addSeries(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        names.add(name);
        series.add(new Series(x.clone(), y.clone()));
        return this;
    }

    @Override
    double[] yExtent() {
        double[] acc = {Double.NaN, Double.NaN};
        series.forEach(s -> extent(s.y(), acc));
        return acc;
    }

    @Override
    boolean yFromZero() {
        return false;
    }

    private Axis xAxis(int width) {
        double[] acc = {Double.NaN, Double.NaN};
        series.forEach(s -> extent(s.x(), acc));
        return Axis.exact(acc[0], acc[1], Math.max(2, width / 90));
    }

    @Override
    void drawXAxis(Graphics2D g, Rectangle plot, Font tickFont) {
        Axis x = xAxis(plot.width);
        FontMetrics fm = g.getFontMetrics(tickFont);
        for (double t : x.ticks()) {
            int px = (int) Math.round(x.toPixel(t, plot.x, plot.x + plot.width));
            g.drawLine(px, plot.y + plot.height, px, plot.y + plot.height + 4);
            String s = x.label(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, plot.y + plot.height + 6 + fm.getAscent());
        }
    }

    @Override
    void drawMarks(Graphics2D g, Rectangle plot, Axis y) {
        Axis x = xAxis(plot.width);
        float stroke = Math.max(1.5f, Math.min(plot.width, plot.height) / 200f);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            g.setColor(color(i));
            g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double line = new Path2D.Double();
            boolean pen = false;
            for (int k = 0; k < s.x().length; k++) {
                if (!Double.isFinite(s.x()[k]) || !Double.isFinite(s.y()[k])) {
                    pen = false;
                    continue;
                }
                double px = x.toPixel(s.x()[k], plot.x, plot.x + plot.width);
                double py = y.toPixel(s.y()[k], plot.y + plot.height, plot.y);
                if (pen) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                }
                pen = true;
                if (s.x().length <= 60) {
                    double r = stroke * 1.8;
                    g.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
                }
            }
            g.draw(line);
        }
    }
}

package dev.vireo.report;

import dev.vireo.io.AtomicFiles;
import dev.vireo.metrics.Evaluation;
import dev.vireo.metrics.MetricSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: the settings, side-by-side frames and per-frame quality plots of one run, as a single
 * static page that refers to PNGs beside it, so it opens offline in any browser.
 */
public final class HtmlReport {
    private final String title;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<String[]> images = new ArrayList<>();
    private Evaluation quality;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport setting(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    public HtmlReport summary(String key, Object value) {
        summary.put(key, value);
        return this;
    }

    /** An image (path relative to the report) with its caption. */
    public HtmlReport image(String relativePath, String caption) {
        images.add(new String[] {relativePath, caption});
        return this;
    }

    /**
     * The scores of the run: the clip values split into distortion (fidelity to the reference) and perception
     * ({@link MetricSuite#PERCEPTUAL_NAMES}) tables, each metric with its direction, so the perception–distortion
     * trade-off reads at a glance; then one table per frame and one per transition.
     */
    public HtmlReport quality(Evaluation scores) {
        this.quality = scores;
        return this;
    }

    public String render() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("figure{margin:1em 0}img{max-width:100%;image-rendering:pixelated;border:1px solid #888}")
                .append("figcaption{color:#555;font-size:90%}</style></head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        table(h, "Result", summary);
        if (quality != null) {
            scores(h, "Distortion (against the reference)", false);
            scores(h, "Perception", true);
        }
        for (String[] img : images) {
            h.append("<figure><img src=\"").append(esc(img[0])).append("\" alt=\"").append(esc(img[1]))
                    .append("\"><figcaption>").append(esc(img[1])).append("</figcaption></figure>\n");
        }
        if (quality != null) {
            series(h, "Per frame", "frame", quality.frames());
            series(h, "Per transition", "transition", quality.transitions());
        }
        table(h, "Settings", settings);
        // Lets a headless browser test confirm that every image decoded.
        h.append("<script>window.addEventListener('load',function(){var ok=0,imgs=document.images;")
                .append("for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}")
                .append("document.body.setAttribute('data-images-loaded',ok+'/'+imgs.length);});</script>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, render().getBytes(StandardCharsets.UTF_8));
    }

    /** Clip values of the distortion or the perception metrics, one row each, with how to read them. */
    private void scores(StringBuilder h, String heading, boolean perception) {
        List<String> names = quality.mean().keySet().stream()
                .filter(n -> MetricSuite.PERCEPTUAL_NAMES.contains(n) == perception).toList();
        if (names.isEmpty()) {
            return;
        }
        h.append("<h2>").append(esc(heading)).append("</h2>\n<table class=\"scores\">\n<tr><th>metric</th><th>clip</th><th>reading</th></tr>\n");
        for (String n : names) {
            h.append("<tr><th>").append(esc(n)).append("</th><td>").append(number(quality.mean(n))).append("</td><td>")
                    .append(esc(reading(n, quality.higherIsBetter().get(n)))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String reading(String metric, boolean higherIsBetter) {
        return switch (metric) {
            case "sharpness" -> "1 = the reference's fine detail; below blurrier, above added texture or noise";
            case "niqe" -> "no reference; lower is more natural";
            case "warp" -> "along the reference's optical flow; lower is steadier";
            default -> higherIsBetter ? "higher is better" : "lower is better";
        };
    }

    /** One row per frame (or transition), one column per metric of that granularity. */
    private static void series(StringBuilder h, String heading, String unit, List<Map<String, Double>> rows) {
        if (rows.isEmpty() || rows.get(0).isEmpty()) {
            return;
        }
        List<String> columns = List.copyOf(rows.get(0).keySet());
        h.append("<h2>").append(esc(heading)).append("</h2>\n<table><tr><th>").append(unit).append("</th>");
        for (String c : columns) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            h.append("<tr><td>").append(unit.equals("transition") ? i + "→" + (i + 1) : String.valueOf(i)).append("</td>");
            for (String c : columns) {
                h.append("<td>").append(number(rows.get(i).get(c))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** Four significant digits (warping errors are around 1e−4), "n/a" for NaN, ∞ for an exact match. */
    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static void table(StringBuilder h, String heading, Map<String, Object> map) {
        if (map.isEmpty()) {
            return;
        }
        h.append("<h2>").append(esc(heading)).append("</h2>\n<table>\n");
        map.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(String.valueOf(v)))
                .append("</td></tr>\n"));
        h.append("</table>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

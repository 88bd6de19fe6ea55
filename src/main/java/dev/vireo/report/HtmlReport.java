package dev.vireo.report;

import dev.vireo.io.AtomicFiles;
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
    private final List<String> columns = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();

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

    /** A per-frame table: one column per metric, one row per frame. */
    public HtmlReport perFrame(List<String> metricNames, List<double[]> valuesPerFrame) {
        columns.clear();
        columns.addAll(metricNames);
        rows.clear();
        rows.addAll(valuesPerFrame);
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
        for (String[] img : images) {
            h.append("<figure><img src=\"").append(esc(img[0])).append("\" alt=\"").append(esc(img[1]))
                    .append("\"><figcaption>").append(esc(img[1])).append("</figcaption></figure>\n");
        }
        if (!rows.isEmpty()) {
            h.append("<h2>Per frame</h2>\n<table><tr><th>frame</th>");
            for (String c : columns) {
                h.append("<th>").append(esc(c)).append("</th>");
            }
            h.append("</tr>\n");
            for (int i = 0; i < rows.size(); i++) {
                h.append("<tr><td>").append(i).append("</td>");
                for (double v : rows.get(i)) {
                    h.append("<td>").append(String.format(Locale.ROOT, "%.4f", v)).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
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

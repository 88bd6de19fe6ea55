package dev.vireo.bench;

import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import dev.vireo.tensor.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ms per frame of the bundled priors at given sizes and precisions, each beside a bare libtorch 3x3
 * convolution on [batch, model_channels, size, size] timed right after it (the yardstick).
 */
public final class ForwardBench {
    private ForwardBench() {}

    public static List<Map<String, Object>> run(List<String> models, List<Integer> sizes, List<Precision> precisions,
            int batch, int warmup, int repeats) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : models) {
            AdmUNet net = Models.load(name, null);
            for (int size : sizes) {
                for (Precision p : precisions) {
                    net.setPrecision(p);
                    Timer.Result fwd = Timer.time(warmup, repeats, () -> net.forwardRandom(batch, size, size, 0));
                    Timer.Result conv = Yardstick.conv3x3(batch, net.config().modelChannels(), size, size, p, warmup, repeats);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("model", name);
                    r.put("size", size);
                    r.put("batch", batch);
                    r.put("precision", p.name().toLowerCase(Locale.ROOT));
                    r.put("ms_per_frame", fwd.median() / batch);
                    r.put("spread", fwd.spread());
                    r.put("conv3x3_ms", conv.median());
                    r.put("ratio_to_conv3x3", fwd.median() / conv.median());
                    rows.add(r);
                }
            }
            net.setPrecision(Precision.FLOAT32);
        }
        return rows;
    }

    public static String table(List<Map<String, Object>> rows) {
        MarkdownTable t = new MarkdownTable(List.of("model", "size", "batch", "precision", "ms/frame", "spread",
                "conv3x3 ms (yardstick)", "forward / conv3x3"));
        for (Map<String, Object> r : rows) {
            t.row(List.of(r.get("model"), r.get("size") + "²", r.get("batch"), r.get("precision"),
                    fmt((double) r.get("ms_per_frame"), 1), fmt((double) r.get("spread"), 2),
                    fmt((double) r.get("conv3x3_ms"), 1), fmt((double) r.get("ratio_to_conv3x3"), 1)));
        }
        return t.render();
    }

    static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}

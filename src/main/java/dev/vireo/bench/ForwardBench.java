package dev.vireo.bench;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Npy;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * ms per frame of the bundled priors at given sizes and precisions on seeded Gaussian input at t = 500,
 * each run alternating with the same forward in PyTorch ({@link PyTorchPeer}) on the same input, and
 * beside a bare libtorch 3x3 convolution (the yardstick) timed right after.
 */
public final class ForwardBench {
    private ForwardBench() {}

    /** A frame size, "S" (square) or "HxW". */
    public record Size(int height, int width) {
        public static Size parse(String s) {
            try {
                String[] p = s.toLowerCase(Locale.ROOT).split("x", -1);
                int h = Integer.parseInt(p[0].trim());
                int w = p.length > 1 ? Integer.parseInt(p[1].trim()) : h;
                if (h > 0 && w > 0 && p.length <= 2) {
                    return new Size(h, w);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidInputException("size '" + s + "': expected S or HxW, e.g. 64 or 272x640");
        }

        String label() {
            return height == width ? height + "²" : height + "x" + width;
        }
    }

    public static List<Map<String, Object>> run(List<String> models, List<Size> sizes, List<Precision> precisions,
            int batch, int warmup, int repeats, PyTorchPeer peer) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("vireo-forward");
        try {
            for (String name : models) {
                AdmUNet net = Models.load(name, null);
                if (peer != null) {
                    peer.load(peerCheckpoint(name, net, dir), net.config(), Torch.threads());
                }
                for (Size size : sizes) {
                    Path input = dir.resolve("x-" + size.height() + "x" + size.width() + ".npy");
                    Map<Precision, Double> peerFp32 = new LinkedHashMap<>();
                    for (Precision p : precisions) {
                        net.setPrecision(p);
                        rows.add(row(net, name, size, batch, p, warmup, repeats, peer, input, peerFp32));
                    }
                }
                net.setPrecision(Precision.FLOAT32);
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        return rows;
    }

    /**
     * The checkpoint file for the peer: a bundled model's temporary copy is deleted once Vireo has read it,
     * so the peer gets its own copy of the resource.
     */
    private static Path peerCheckpoint(String name, AdmUNet net, Path dir) throws IOException {
        Path ck = net.source().checkpoint();
        if (ck != null && Files.exists(ck)) {
            return ck;
        }
        Path copy = dir.resolve(name + ".pt");
        try (InputStream in = ForwardBench.class.getResourceAsStream("/models/" + name + ".pt")) {
            if (in == null) {
                throw new IOException("checkpoint of " + name + " is gone and not bundled; cannot give it to the peer");
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private static Map<String, Object> row(AdmUNet net, String name, Size size, int batch, Precision p, int warmup,
            int repeats, PyTorchPeer peer, Path input, Map<Precision, Double> peerFp32) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(0);
            Tensor x = torch.randn(new long[] {batch, net.inChannels(), size.height(), size.width()},
                    new TensorOptions(ScalarType.Float)).to(Torch.device(), ScalarType.Float);
            Tensor t = torch.full(new long[] {batch}, new Scalar(500.0), new TensorOptions(ScalarType.Float))
                    .to(Torch.device(), ScalarType.Float);
            if (peer != null && !Files.exists(input)) {
                Npy.write(input, Tensors.toFloats(x), Tensors.shape(x));
            }
            double[] vireo = new double[repeats];
            double[] torchMs = new double[repeats];
            double vireoMean = 0;
            double peerMean = 0;
            for (int i = -warmup; i < repeats; i++) {
                long t0 = System.nanoTime();
                Tensor out = net.forward(x, t);
                double ms = (System.nanoTime() - t0) / 1e6;
                vireoMean = out.abs().mean().item_double();
                double[] pt = peer != null ? peer.time(input, 500, p.label()) : null;
                if (i >= 0) {
                    vireo[i] = ms;
                    if (pt != null) {
                        torchMs[i] = pt[0];
                        peerMean = pt[1];
                    }
                }
            }
            Timer.Result fwd = new Timer.Result(vireo);
            Timer.Result conv = Yardstick.conv3x3(batch, net.config().modelChannels(), size.height(), size.width(), p, warmup, repeats);
            r.put("model", name);
            r.put("size", size.label());
            r.put("height", size.height());
            r.put("width", size.width());
            r.put("batch", batch);
            r.put("precision", p.label());
            r.put("ms_per_frame", fwd.median() / batch);
            r.put("ns_per_pixel", fwd.median() * 1e6 / ((double) batch * size.height() * size.width()));
            r.put("spread", fwd.spread());
            r.put("conv3x3_ms", conv.median());
            r.put("ratio_to_conv3x3", fwd.median() / conv.median());
            r.put("mean_abs_out", vireoMean);
            if (peer != null) {
                Timer.Result pt = new Timer.Result(torchMs);
                if (p == Precision.FLOAT32) {
                    peerFp32.put(p, pt.median());
                }
                r.put("pytorch_ms_per_frame", pt.median() / batch);
                r.put("pytorch_spread", pt.spread());
                r.put("pytorch_mean_abs_out", peerMean);
                r.put("ratio_to_pytorch", fwd.median() / pt.median());
                Double f32 = peerFp32.get(Precision.FLOAT32);
                if (f32 != null) {
                    r.put("ratio_to_pytorch_fp32", fwd.median() / f32);
                }
            }
        }
        return r;
    }

    public static String table(List<Map<String, Object>> rows) {
        boolean peer = rows.stream().anyMatch(r -> r.containsKey("pytorch_ms_per_frame"));
        List<String> head = new ArrayList<>(List.of("model", "size", "batch", "precision", "Vireo ms/frame", "spread"));
        if (peer) {
            head.addAll(List.of("PyTorch ms/frame", "Vireo / PyTorch", "Vireo / PyTorch fp32"));
        }
        head.addAll(List.of("ns/pixel", "forward / conv3x3"));
        MarkdownTable t = new MarkdownTable(head);
        for (Map<String, Object> r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.get("model"), r.get("size"), r.get("batch"), r.get("precision"),
                    fmt((double) r.get("ms_per_frame"), 1), fmt((double) r.get("spread"), 2)));
            if (peer) {
                cells.add(r.containsKey("pytorch_ms_per_frame") ? fmt((double) r.get("pytorch_ms_per_frame"), 1) : "–");
                cells.add(r.containsKey("ratio_to_pytorch") ? fmt((double) r.get("ratio_to_pytorch"), 2) : "–");
                cells.add(r.containsKey("ratio_to_pytorch_fp32") ? fmt((double) r.get("ratio_to_pytorch_fp32"), 2) : "–");
            }
            cells.add(fmt((double) r.get("ns_per_pixel"), 1));
            cells.add(fmt((double) r.get("ratio_to_conv3x3"), 1));
            t.row(cells);
        }
        return t.render();
    }

    static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}

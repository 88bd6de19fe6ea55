package dev.vireo.metrics;

import dev.vireo.io.video.ColorMatrix;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Fits the pristine NIQE model: the mean and covariance of the {@link Niqe} patch features of the sharpest
 * patches (mean local σ above 0.75 of the image's sharpest, as in the published NIQE) of every photo under
 * a folder. Run: {@code java -cp 'target/vireo.jar:target/lib/*' dev.vireo.metrics.NiqeFit
 * ../shared/data/train-photos src/main/resources/dev/vireo/metrics/niqe-model.json}.
 */
public final class NiqeFit {
    private NiqeFit() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpg|jpeg|png)$")).sorted().toList();
        }
        List<double[]> feats = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            int h = img.getHeight();
            int w = img.getWidth();
            double[] g = new double[h * w];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int rgb = img.getRGB(j, i);
                    g[i * w + j] = ColorMatrix.BT601.luma((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
                }
            }
            feats.addAll(Niqe.patchFeatures(g, h, w, 0.75).features());
        }
        double[] mu = new double[Niqe.FEATURES];
        for (double[] f : feats) {
            for (int i = 0; i < mu.length; i++) {
                mu[i] += f[i] / feats.size();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", root.toString() + " (" + files.size() + " images; terms in its README.md)");
        m.put("patch", Niqe.PATCH);
        m.put("sharpness_threshold", 0.75);
        m.put("patches", feats.size());
        m.put("mean", mu);
        m.put("cov", Niqe.covariance(feats, mu));
        AtomicFiles.write(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
        System.out.println("fitted on " + files.size() + " images, " + feats.size() + " patches -> " + out);
    }
}

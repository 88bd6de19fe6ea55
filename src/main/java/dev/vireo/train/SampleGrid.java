package dev.vireo.train;

import dev.vireo.io.AtomicFiles;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A few unconditional samples of a prior, for a glance at what it learned: deterministic DDIM (η = 0)
 * over {@code steps} evenly spaced timesteps from seeded Gaussian noise, x̂₀ clipped to [−1, 1].
 */
public final class SampleGrid {
    private SampleGrid() {}

    /** Samples [count, C, size, size] in [0, 1] as float32 (C order). */
    public static float[] sample(DiffusionLoss.Denoiser net, NoiseSchedule schedule, int count, int channels, int size,
            int steps, long seed) {
        Torch.device();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(seed);
            Tensor x = torch.randn(new long[] {count, channels, size, size}, new TensorOptions(ScalarType.Float))
                    .to(Torch.device(), ScalarType.Float);
            int T = schedule.steps();
            for (int i = 0; i < steps; i++) {
                int t = (int) Math.round((T - 1) * (1.0 - (double) i / steps));
                int next = i == steps - 1 ? -1 : (int) Math.round((T - 1) * (1.0 - (double) (i + 1) / steps));
                double ab = schedule.alphaBar(t);
                double abNext = schedule.alphaBar(next);
                Tensor tt = torch.full(new long[] {count}, new Scalar((double) t), new TensorOptions(ScalarType.Float))
                        .to(Torch.device(), ScalarType.Float);
                Tensor eps = net.apply(x, tt).narrow(1, 0, channels);
                Tensor x0 = x.sub(eps.mul(new Scalar(Math.sqrt(1 - ab)))).div(new Scalar(Math.sqrt(ab)))
                        .clamp(new org.bytedeco.pytorch.ScalarOptional(new Scalar(-1.0)),
                                new org.bytedeco.pytorch.ScalarOptional(new Scalar(1.0)));
                eps = x.sub(x0.mul(new Scalar(Math.sqrt(ab)))).div(new Scalar(Math.sqrt(1 - ab)));
                Tensor nx = x0.mul(new Scalar(Math.sqrt(abNext))).add(eps.mul(new Scalar(Math.sqrt(1 - abNext))));
                nx.retainReference();
                x = nx;
            }
            return Tensors.toFloats(x.add(new Scalar(1.0)).mul(new Scalar(0.5)).clamp(
                    new org.bytedeco.pytorch.ScalarOptional(new Scalar(0.0)), new org.bytedeco.pytorch.ScalarOptional(new Scalar(1.0))));
        }
    }

    /** Writes images [count, 3, size, size] in [0, 1] as a PNG grid of {@code cols} columns, 2 px apart. */
    public static void writePng(Path file, float[] images, int count, int size, int cols) throws IOException {
        int rows = (count + cols - 1) / cols;
        int gap = 2;
        BufferedImage img = new BufferedImage(cols * (size + gap) + gap, rows * (size + gap) + gap, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        int plane = size * size;
        for (int k = 0; k < count; k++) {
            int ox = gap + (k % cols) * (size + gap);
            int oy = gap + (k / cols) * (size + gap);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int base = k * 3 * plane + y * size + x;
                    int r = Math.round(images[base] * 255f);
                    int gr = Math.round(images[base + plane] * 255f);
                    int b = Math.round(images[base + 2 * plane] * 255f);
                    img.setRGB(ox + x, oy + y, (r << 16) | (gr << 8) | b);
                }
            }
        }
        AtomicFiles.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }
}

package dev.vireo.io.video;

import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.io.Clip;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Lossless frames {@code frame_000000.png ...} plus {@code fps.txt}, written into a hidden temporary folder
 * that replaces the target folder on {@link #close()}.
 */
final class PngFolderSink extends AtomicSink {
    private final Path tmp;
    private final double fps;
    private int written, width, height;

    PngFolderSink(Path target, double fps) {
        super(target.toAbsolutePath(), "folder");
        this.tmp = AtomicFiles.tempFor(this.target);
        this.fps = fps;
        try {
            Files.createDirectories(tmp.getParent());
            deleteTree(tmp);
            Files.createDirectory(tmp);
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot create the output folder (" + e + ")", e);
        }
    }

    @Override
    protected void append(Clip clip) {
        if (clip.channels() != 3) {
            throw new InvalidInputException("PNG frames need 3 channels (RGB), clip has " + clip.channels());
        }
        if (written == 0) {
            width = clip.width();
            height = clip.height();
        } else if (clip.width() != width || clip.height() != height) {
            throw new InvalidInputException("all windows of a video must have one size: " + width + "x" + height
                    + " then " + clip.width() + "x" + clip.height());
        }
        try {
            int w = width, h = height, plane = w * h;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] rgb = new int[plane];
            float[] d = clip.data();
            for (int k = 0; k < clip.frames(); k++) {
                int base = k * 3 * plane;
                for (int i = 0; i < plane; i++) {
                    rgb[i] = Videos.to8bit(d[base + i]) << 16 | Videos.to8bit(d[base + plane + i]) << 8
                            | Videos.to8bit(d[base + 2 * plane + i]);
                }
                img.setRGB(0, 0, w, h, rgb, 0, w);
                Path f = tmp.resolve(String.format(Locale.ROOT, "frame_%06d.png", written));
                ImageIO.write(img, "png", f.toFile());
                written++;
            }
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot write frame (" + e.getMessage() + ")", e);
        }
    }

    @Override
    protected long framesWritten() {
        return written;
    }

    @Override
    protected void commit() throws IOException {
        Files.writeString(tmp.resolve(ImageFolderSource.FPS_FILE), Double.toString(fps) + "\n");
        // A folder cannot be renamed over a non-empty one: move the old one aside first.
        Path old = null;
        if (Files.exists(target)) {
            old = tmp.resolveSibling(tmp.getFileName() + ".old");
            deleteTree(old);
            Files.move(target, old);
        }
        Files.move(tmp, target);
        if (old != null) {
            deleteTree(old);
        }
    }

    @Override
    protected void cleanUp() {
        try {
            deleteTree(tmp);
        } catch (IOException e) {
            // best effort: a leftover hidden .partial folder is harmless
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}

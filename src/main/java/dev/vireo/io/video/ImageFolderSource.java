package dev.vireo.io.video;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of PNG/JPEG frames, in file-name order (zero-padded names sort correctly). The frame rate comes
 * from an {@code fps.txt} in the folder (written by the PNG-folder sink), else {@link ReadOptions#fallbackFps()}.
 */
final class ImageFolderSource extends SpanSource {
    static final String FPS_FILE = "fps.txt";

    private final List<Path> files;
    private final VideoInfo info;
    private int next;

    ImageFolderSource(Path dir, ReadOptions options) {
        super(options);
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Videos.extension(p).matches("png|jpg|jpeg") && !Files.isDirectory(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(dir + ": folder holds no .png/.jpg/.jpeg frames");
        }
        files.forEach(ImageFolderSource::requireReadable); // before any frame is restored
        BufferedImage first = load(files.get(0));
        double fps = options.fallbackFps();
        Path fpsFile = dir.resolve(FPS_FILE);
        if (Files.isRegularFile(fpsFile)) {
            try {
                fps = Double.parseDouble(Files.readString(fpsFile).trim());
            } catch (IOException | NumberFormatException e) {
                throw new InvalidInputException(fpsFile + ": expected one number (frames per second)", e);
            }
        }
        String codec = Videos.extension(files.get(0)).equals("png") ? "png" : "mjpeg";
        info = new VideoInfo(dir, "images", codec, first.getWidth(), first.getHeight(), fps, files.size(), false, null, false);
        next = options.start();
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    protected Clip readNext(int want) {
        int n = Math.max(0, Math.min(want, files.size() - next));
        int w = info.width(), h = info.height(), plane = w * h;
        float[] out = new float[n * 3 * plane];
        int[] argb = new int[plane];
        for (int k = 0; k < n; k++) {
            Path f = files.get(next + k);
            BufferedImage img = load(f);
            if (img.getWidth() != w || img.getHeight() != h) {
                throw new InvalidInputException(f + ": frame is " + img.getWidth() + "x" + img.getHeight()
                        + ", the first frame is " + w + "x" + h);
            }
            img.getRGB(0, 0, w, h, argb, 0, w);
            int base = k * 3 * plane;
            for (int i = 0; i < plane; i++) {
                int c = argb[i];
                out[base + i] = ((c >> 16) & 0xff) / 255f;
                out[base + plane + i] = ((c >> 8) & 0xff) / 255f;
                out[base + 2 * plane + i] = (c & 0xff) / 255f;
            }
        }
        next += n;
        return new Clip(out, n, 3, h, w, info.fps());
    }

    /** A frame that cannot be opened is named for why, not reported as a corrupt image. */
    private static void requireReadable(Path f) {
        if (!Files.exists(f)) {
            throw new InvalidInputException(f + ": a link to a missing file (" + readLink(f) + ")");
        }
        if (!Files.isRegularFile(f)) {
            throw new InvalidInputException(f + ": not a regular file");
        }
        if (!Files.isReadable(f)) {
            throw new InvalidInputException(f + ": permission denied");
        }
    }

    private static String readLink(Path f) {
        try {
            return Files.readSymbolicLink(f).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "unreadable link";
        }
    }

    private static BufferedImage load(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new InvalidInputException(f + ": not a readable " + Videos.extension(f).toUpperCase(Locale.ROOT) + " image");
            }
            return img;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidInputException(f + ": permission denied", e);
        } catch (IOException e) {
            if (!Files.isReadable(f)) {
                throw new InvalidInputException(f + ": permission denied", e);
            }
            throw new InvalidInputException(f + ": corrupt image (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {}
}

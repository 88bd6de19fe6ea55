package dev.vireo.io;

import dev.vireo.InvalidInputException;
import dev.vireo.io.video.ColorMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The files a degradation spec names ({@code mask:file:PATH}, {@code blur:file:PATH}): read here, so the operators
 * get arrays and never touch the file system. Unreadable files are bad input, named with the reason.
 */
public final class OperatorFiles {
    /**
     * Reads a mask file into values in [0, 1] (above 0.5 = observed) shaped [H, W] (one mask for all frames) or
     * [N, H, W] (one per frame).
     */
    @FunctionalInterface
    public interface MaskReader {
        Npy.Array read(Path path) throws IOException;
    }

    private static final Map<String, MaskReader> MASK_READERS = new ConcurrentHashMap<>();

    static {
        MASK_READERS.put("npy", Npy::read);
        MASK_READERS.put("png", path -> {
            double[][] g = readGreyImage(path);
            float[] d = new float[g.length * g[0].length];
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[0].length; j++) {
                    d[i * g[0].length + j] = (float) g[i][j];
                }
            }
            return new Npy.Array(d, new long[] {g.length, g[0].length});
        });
    }

    private OperatorFiles() {}

    /** Makes {@code mask:file:PATH} read files ending in {@code .extension} with {@code reader}. */
    public static void registerMaskReader(String extension, MaskReader reader) {
        MASK_READERS.put(extension.toLowerCase(Locale.ROOT), reader);
    }

    /** The mask array of a file, by its extension's reader (its shape is the caller's to check). */
    public static Npy.Array readMask(Path path) {
        String ext = extension(path);
        MaskReader reader = MASK_READERS.get(ext);
        if (reader == null) {
            throw new InvalidInputException("no mask reader for '." + ext + "' files (readers: "
                    + String.join(", ", MASK_READERS.keySet()) + ")");
        }
        try {
            return reader.read(path);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read mask " + path + ": " + e.getMessage(), e);
        }
    }

    /** A kernel [KH][KW] from a 2-D .npy or an image (grey level), as stored (not normalised). */
    public static double[][] readKernel(Path path) {
        try {
            if (!extension(path).equals("npy")) {
                return readGreyImage(path);
            }
            Npy.Array a = Npy.read(path);
            if (a.dim() != 2) {
                throw new InvalidInputException("kernel " + path + " must be a 2-D array, got shape " + Arrays.toString(a.shape()));
            }
            int kh = (int) a.shape()[0];
            int kw = (int) a.shape()[1];
            double[][] k = new double[kh][kw];
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    k[i][j] = a.data()[i * kw + j];
                }
            }
            return k;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read kernel " + path + ": " + e.getMessage(), e);
        }
    }

    /** Grey levels in [0, 1] (BT.601 luma of colour images). */
    static double[][] readGreyImage(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        BufferedImage img = ImageIO.read(path.toFile());
        if (img == null) {
            throw new IOException(path + ": not an image ImageIO can read");
        }
        double[][] g = new double[img.getHeight()][img.getWidth()];
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        var raster = img.getRaster();
        double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g[0].length; j++) {
                if (grey) {
                    g[i][j] = raster.getSample(j, i, 0) / max;
                } else {
                    int rgb = img.getRGB(j, i);
                    g[i][j] = ColorMatrix.BT601.luma((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff) / 255.0;
                }
            }
        }
        return g;
    }

    private static String extension(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}

package dev.vireo.train;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import dev.vireo.io.Hashing;
import dev.vireo.pipeline.Geometry;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.VideoSource;
import dev.vireo.io.video.Videos;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Training images held in memory as 8-bit RGB: stills from folders (.png .jpg .jpeg, any sizes) and every
 * N-th frame of videos, each passed through an optional {@link Geometry} spec (e.g. {@code square:80}).
 * A batch is a pure function of (seed, step): random crops at the prior's size and horizontal flips, so a
 * resumed run sees exactly the batches an uninterrupted one would.
 */
public final class TrainingData {
    /** One input path as recorded in the run record. */
    public record Source(String path, String sha256, int images) {}

    private record Image(byte[] rgb, int height, int width) {}

    private final List<Image> images = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();

    private TrainingData() {}

    /**
     * Loads every path: a folder of stills, or a video of which frames 0, every, 2·every, ... are kept.
     *
     * @param geometry {@link Geometry#parse} spec applied to each image, or "none"
     * @param frames frames read from the start of each video before taking every N-th (-1: all)
     * @param crop the training crop side; every image must be at least that large
     */
    public static TrainingData load(List<Path> paths, int every, int frames, String geometry, int crop) {
        if (paths.isEmpty()) {
            throw new InvalidInputException("--data: give at least one folder of images or video");
        }
        if (every < 1) {
            throw new InvalidInputException("--every must be at least 1, got " + every);
        }
        if (frames == 0 || frames < -1) {
            throw new InvalidInputException("--frames must be positive (or -1 for all), got " + frames);
        }
        TrainingData d = new TrainingData();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new InvalidInputException(p + ": no such file or folder (--data)");
            }
            if (Files.isDirectory(p)) {
                d.loadFolder(p, geometry, crop);
            } else {
                d.loadVideo(p, every, frames, geometry, crop);
            }
        }
        return d;
    }

    private void loadFolder(Path dir, String geometry, int crop) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list folder (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(dir + ": no .png, .jpg or .jpeg images in the folder (--data)");
        }
        for (Path f : files) {
            BufferedImage img;
            try {
                img = ImageIO.read(f.toFile());
            } catch (IOException e) {
                throw new InvalidInputException(f + ": cannot read image (" + e.getMessage() + ")");
            }
            if (img == null) {
                throw new InvalidInputException(f + ": not a decodable image");
            }
            int w = img.getWidth();
            int h = img.getHeight();
            float[] px = new float[3 * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    px[y * w + x] = ((rgb >> 16) & 0xff) / 255f;
                    px[w * h + y * w + x] = ((rgb >> 8) & 0xff) / 255f;
                    px[2 * w * h + y * w + x] = (rgb & 0xff) / 255f;
                }
            }
            add(new Clip(px, 1, 3, h, w, 1), f, geometry, crop);
            sources.add(new Source(f.toString(), Hashing.sha256(f), 1));
        }
    }

    private void loadVideo(Path file, int every, int frames, String geometry, int crop) {
        int kept = 0;
        int index = 0;
        try (VideoSource src = Videos.open(file, frames < 0 ? ReadOptions.defaults() : ReadOptions.defaults().frames(frames))) {
            for (Clip c = src.read(16); c.frames() > 0; c = src.read(16)) {
                int per = 3 * c.height() * c.width();
                for (int f = 0; f < c.frames(); f++, index++) {
                    if (index % every == 0) {
                        float[] one = new float[per];
                        System.arraycopy(c.data(), f * per, one, 0, per);
                        add(new Clip(one, 1, 3, c.height(), c.width(), c.fps()), file, geometry, crop);
                        kept++;
                    }
                }
            }
        }
        if (kept == 0) {
            throw new InvalidInputException(file + ": no frames decoded (--data)");
        }
        sources.add(new Source(file.toString(), Hashing.sha256(file), kept));
    }

    private void add(Clip frame, Path from, String geometry, int crop) {
        Clip c = Geometry.parse(geometry, frame.width(), frame.height()).toNetwork(frame);
        if (c.height() < crop || c.width() < crop) {
            throw new InvalidInputException(from + ": image " + c.width() + "x" + c.height() + " (after --geometry "
                    + geometry + ") is smaller than the " + crop + "x" + crop + " training crop");
        }
        byte[] b = new byte[c.data().length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.round(Math.max(0f, Math.min(1f, c.data()[i])) * 255f);
        }
        images.add(new Image(b, c.height(), c.width()));
    }

    public int size() {
        return images.size();
    }

    public List<Source> sources() {
        return List.copyOf(sources);
    }

    /** Record entries: path, sha256 and images used per source. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Source s : sources) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", s.path());
            m.put("sha256", s.sha256());
            m.put("images", s.images());
            out.add(m);
        }
        return out;
    }

    /** The seed of everything random in one step: data choice, crops, flips, timesteps and noise. */
    public static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 29)) & Long.MAX_VALUE;
    }

    /** The batch of one step: [batch, 3, crop, crop] float32 in [-1, 1], C order. */
    public float[] batch(long seed, long step, int batch, int crop) {
        SplittableRandom r = new SplittableRandom(stepSeed(seed, step));
        int plane = crop * crop;
        float[] out = new float[batch * 3 * plane];
        for (int b = 0; b < batch; b++) {
            Image img = images.get(r.nextInt(images.size()));
            int y0 = r.nextInt(img.height() - crop + 1);
            int x0 = r.nextInt(img.width() - crop + 1);
            boolean flip = r.nextBoolean();
            int ip = img.height() * img.width();
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < crop; y++) {
                    int row = ch * ip + (y0 + y) * img.width() + x0;
                    int o = (b * 3 + ch) * plane + y * crop;
                    for (int x = 0; x < crop; x++) {
                        int v = img.rgb()[row + (flip ? crop - 1 - x : x)] & 0xff;
                        out[o + x] = v / 127.5f - 1f;
                    }
                }
            }
        }
        return out;
    }
}

package dev.vireo.io.video;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading and writing videos as {@link Clip}s (float32 RGB [N, 3, H, W] in [0, 1]) with the FFmpeg bundled
 * through JavaCV, in-process.
 *
 * <p><b>Inputs</b> ({@link #open}, {@link #read}): anything the bundled FFmpeg demuxes and decodes (.mp4 .mkv
 * .avi .mov .webm .y4m .gif ...), raw H.264/HEVC elementary streams (.264 .h264 .avc .h26l / .265 .h265
 * .hevc, at {@link ReadOptions#fallbackFps()}), a folder of .png/.jpg/.jpeg frames sorted by file name, and
 * .npy arrays [N, 3, H, W]. Y'CbCr is converted with the stream's matrix (BT.601/709/2020, untagged streams:
 * BT.709 from 720 lines up, else BT.601) and range (limited or full); see {@link VideoInfo#matrix()}.
 * Spans are frame-index based ({@link ReadOptions}); frames before the start are decoded and dropped.
 * Limits: sources above 8 bits per sample are reduced to 8 bits before the conversion; rotation metadata
 * is not applied.
 *
 * <p><b>Outputs</b> ({@link #create}, {@link #write}), chosen by the extension:
 * <ul>
 *   <li>.mp4 .mov: H.264 by libopenh264 (about 1 bit/pixel), else MPEG-4 part 2; 4:2:0, so even sizes only</li>
 *   <li>.mkv: FFV1 lossless RGB (bit-exact at 8 bits)</li>
 *   <li>.avi: MPEG-4 part 2 at quantiser 2</li>
 *   <li>.webm: VP9 (libvpx, CRF 20)</li>
 *   <li>.gif: 256 colours per frame (median cut), frame delay rounded to 1/100 s</li>
 *   <li>.npy: float32 [N, 3, H, W], exact, no frame rate stored</li>
 *   <li>no extension, or an existing folder: a folder of frame_000000.png ... plus fps.txt (lossless)</li>
 * </ul>
 * Everything is written to a hidden temporary sibling and renamed into place when complete. Y'CbCr
 * outputs are tagged limited range with the matrix {@link ColorMatrix#defaultFor} gives for the height.
 * Problems with the user's files or paths raise {@link InvalidInputException} with one line naming the file.
 */
public final class Videos {
    private Videos() {}

    /** Opens a video for reading window by window. */
    public static VideoSource open(Path path, ReadOptions options) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            return new ImageFolderSource(path, options);
        }
        if (!Files.isReadable(path)) {
            throw new InvalidInputException(path + ": not readable (permission denied)");
        }
        if (extension(path).equals("npy")) {
            return new NpySource(path, options);
        }
        return new FfmpegSource(path, options);
    }

    /** Reads the selected span of a video into memory. */
    public static Clip read(Path path, ReadOptions options) {
        try (VideoSource src = open(path, options)) {
            VideoInfo info = src.info();
            long per = 3L * info.width() * info.height();
            List<Clip> parts = new ArrayList<>();
            int frames = 0;
            for (Clip c = src.read(16); c.frames() > 0; c = src.read(16)) {
                parts.add(c);
                frames += c.frames();
                if (frames * per > Integer.MAX_VALUE - 8) {
                    throw new InvalidInputException(path + ": more than " + (frames - c.frames()) + " frames of "
                            + info.width() + "x" + info.height() + " do not fit in one clip; select fewer with"
                            + " --frames or stream with Videos.open");
                }
            }
            if (frames == 0) {
                throw new InvalidInputException(path + ": no frames from index " + options.start()
                        + (info.frameCountKnown() ? " (the video has " + info.frameCount() + ")" : ""));
            }
            float[] all = new float[(int) (frames * per)];
            int at = 0;
            for (Clip c : parts) {
                System.arraycopy(c.data(), 0, all, at, c.data().length);
                at += c.data().length;
            }
            return new Clip(all, frames, 3, info.height(), info.width(), info.fps());
        }
    }

    /** Starts writing a video at {@code fps}; the format comes from the extension (see the class comment). */
    public static VideoSink create(Path path, WriteOptions options, double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new InvalidInputException("frame rate must be positive, got " + fps);
        }
        Path abs = path.toAbsolutePath();
        String ext = Files.isDirectory(abs) ? "" : extension(abs);
        if (Files.isDirectory(abs) && !ext.isEmpty()) {
            throw new InvalidInputException(path + ": is a folder");
        }
        writableParent(abs);
        return switch (ext) {
            case "" -> new PngFolderSink(abs, fps);
            case "npy" -> new NpySink(abs);
            case "mp4", "m4v" -> new FfmpegSink(abs, FfmpegSink.Format.MP4, options, fps);
            case "mov" -> new FfmpegSink(abs, FfmpegSink.Format.MOV, options, fps);
            case "mkv" -> new FfmpegSink(abs, FfmpegSink.Format.MKV, options, fps);
            case "avi" -> new FfmpegSink(abs, FfmpegSink.Format.AVI, options, fps);
            case "webm" -> new FfmpegSink(abs, FfmpegSink.Format.WEBM, options, fps);
            case "gif" -> new FfmpegSink(abs, FfmpegSink.Format.GIF, options, fps);
            default -> throw new InvalidInputException(path + ": unsupported output format ." + ext
                    + " (use .mp4 .mov .mkv .avi .webm .gif .npy, or a folder name for PNG frames)");
        };
    }

    /** Writes a whole clip at its own frame rate. */
    public static void write(Path path, Clip clip, WriteOptions options) {
        VideoSink sink = create(path, options, clip.fps());
        try {
            sink.write(clip);
        } catch (RuntimeException e) {
            sink.abort();
            throw e;
        }
        sink.close();
    }

    private static void writableParent(Path abs) {
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(abs + ": cannot create the output folder " + dir + " (" + reason(e) + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException(abs + ": the output folder " + dir + " is not writable");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** Lower-case extension without the dot, "" when none. */
    static String extension(Path p) {
        Path f = p.getFileName();
        String name = f == null ? "" : f.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** The 8-bit code of a value in [0, 1] (clamped, rounded): the one quantiser every writer uses. */
    static int to8bit(float v) {
        int q = Math.round(v * 255f);
        return q < 0 ? 0 : Math.min(q, 255);
    }
}

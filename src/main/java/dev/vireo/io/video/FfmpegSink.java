package dev.vireo.io.video;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.io.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Encodes with the bundled (LGPL) FFmpeg into a temporary sibling of the target, renamed into place on
 * {@link #close()}. RGB to Y'CbCr is done in Java with the matrix {@link ColorMatrix#defaultFor} picks for the
 * height, limited range, and the stream is tagged with it so every player agrees.
 */
final class FfmpegSink extends AtomicSink {
    /** What each container extension is written with. */
    enum Format {
        MP4("mp4", true), MOV("mov", true), MKV("matroska", true), AVI("avi", true), WEBM("webm", true), GIF("gif", false);

        final String muxer;
        final boolean audio;

        Format(String muxer, boolean audio) {
            this.muxer = muxer;
            this.audio = audio;
        }
    }

    private final Path tmp;
    private final Format format;
    private final WriteOptions options;
    private final double fps;
    private AVFormatContext oc;
    private AVCodecContext enc;
    private AVStream stream;
    private AVFrame frame;
    private AVPacket pkt;
    private AudioTrack audio;
    private ColorMatrix matrix;
    private GifPalette palette;
    private int width, height;
    private long written;
    private final int[] ycc = new int[3];

    FfmpegSink(Path target, Format format, WriteOptions options, double fps) {
        super(target.toAbsolutePath(), "file");
        Ffmpeg.load();
        this.format = format;
        this.options = options;
        this.fps = fps;
        this.tmp = AtomicFiles.tempFor(this.target);
        encoder(format); // fail now, not after the solver ran, if no encoder exists
    }

    /** The encoder for a format; libopenh264 for MP4/MOV with mpeg4 as the fallback. */
    static AVCodec encoder(Format f) {
        String[] names = switch (f) {
            case MP4, MOV -> new String[] {"libopenh264", "mpeg4"};
            case MKV -> new String[] {"ffv1"};
            case AVI -> new String[] {"mpeg4"};
            case WEBM -> new String[] {"libvpx-vp9"};
            case GIF -> new String[] {"gif"};
        };
        for (String n : names) {
            AVCodec c = avcodec_find_encoder_by_name(n);
            if (c != null) {
                return c;
            }
        }
        throw new InvalidInputException("this FFmpeg build has no encoder for ." + f.name().toLowerCase()
                + " (tried " + String.join(", ", names) + ")");
    }

    @Override
    protected void append(Clip clip) {
        if (clip.channels() != 3) {
            throw new InvalidInputException("video output needs 3 channels (RGB), clip has " + clip.channels());
        }
        if (enc == null) {
            open(clip.width(), clip.height());
        } else if (clip.width() != width || clip.height() != height) {
            throw new InvalidInputException("all windows of a video must have one size: " + width + "x" + height
                    + " then " + clip.width() + "x" + clip.height());
        }
        int plane = width * height;
        for (int k = 0; k < clip.frames(); k++) {
            check(av_frame_make_writable(frame), "frame buffer");
            fill(clip.data(), k * 3 * plane);
            frame.pts(written++);
            if ((enc.flags() & AV_CODEC_FLAG_QSCALE) != 0) {
                frame.quality(enc.global_quality()); // constant quantiser is read per frame
            }
            encode(frame);
        }
    }

    private void open(int w, int h) {
        this.width = w;
        this.height = h;
        AVCodec codec = encoder(format);
        String codecName = codec.name().getString();
        boolean yuv420 = !codecName.equals("ffv1") && !codecName.equals("gif");
        if (yuv420 && (w % 2 != 0 || h % 2 != 0)) {
            throw new InvalidInputException(target + ": " + codecName + " needs an even width and height, the clip is "
                    + w + "x" + h + " (write .mkv or a PNG folder, or pad the clip)");
        }
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot create the output folder (" + e + ")", e);
        }
        oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, format.muxer, tmp.toString()), "output context");
        AVRational rate = av_d2q(fps, 1_000_000);
        enc = avcodec_alloc_context3(codec);
        enc.width(w);
        enc.height(h);
        enc.time_base(av_inv_q(rate));
        enc.framerate(rate);
        AVDictionary opts = new AVDictionary(null);
        switch (codecName) {
            case "ffv1" -> enc.pix_fmt(AV_PIX_FMT_BGR0); // lossless RGB: bit-exact 8-bit round trip
            case "gif" -> {
                enc.pix_fmt(AV_PIX_FMT_PAL8);
                palette = new GifPalette();
            }
            default -> {
                enc.pix_fmt(AV_PIX_FMT_YUV420P);
                matrix = ColorMatrix.defaultFor(h);
                boolean hd = matrix == ColorMatrix.BT709;
                enc.color_range(AVCOL_RANGE_MPEG);
                enc.colorspace(hd ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M);
                enc.color_primaries(hd ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M);
                enc.color_trc(hd ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M);
                switch (codecName) {
                    // High quality: restored clips are the product, not a preview. ~1 bit per pixel per frame.
                    case "libopenh264" -> enc.bit_rate((long) Math.min(80e6, Math.max(1e6, w * (double) h * fps)));
                    case "libvpx-vp9" -> {
                        enc.bit_rate(0);
                        av_dict_set(opts, "crf", "20", 0);
                        av_dict_set(opts, "deadline", "good", 0);
                        av_dict_set(opts, "cpu-used", "4", 0);
                        av_dict_set(opts, "row-mt", "1", 0);
                    }
                    default -> { // mpeg4: constant quantiser 2 (near transparent)
                        enc.flags(enc.flags() | AV_CODEC_FLAG_QSCALE);
                        enc.global_quality(2 * FF_QP2LAMBDA);
                    }
                }
                enc.gop_size((int) Math.max(1, Math.round(fps * 2)));
            }
        }
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        int r = avcodec_open2(enc, codec, opts);
        av_dict_free(opts);
        check(r, "open encoder " + codecName);
        stream = avformat_new_stream(oc, null);
        check(avcodec_parameters_from_context(stream.codecpar(), enc), "stream parameters");
        stream.time_base(enc.time_base());
        stream.avg_frame_rate(rate);
        if (format.audio && options.audioSource() != null) {
            audio = AudioCopy.open(options.audioSource(), options.audioOffsetSeconds(), oc, target);
        }
        AVIOContext pb = new AVIOContext(null);
        r = avio_open(pb, tmp.toString(), AVIO_FLAG_WRITE);
        if (r < 0) {
            throw new InvalidInputException(target + ": cannot write the output (" + Ffmpeg.error(r) + ")");
        }
        oc.pb(pb);
        check(avformat_write_header(oc, (AVDictionary) null), "write header");
        frame = av_frame_alloc();
        frame.format(enc.pix_fmt());
        frame.width(w);
        frame.height(h);
        check(av_frame_get_buffer(frame, 0), "frame buffer");
        pkt = av_packet_alloc();
    }

    /** Quantises frame {@code base} of planar RGB into the encoder's pixel format. */
    private void fill(float[] d, int base) {
        int w = width, h = height, plane = w * h;
        if (enc.pix_fmt() == AV_PIX_FMT_BGR0) {
            int ls = frame.linesize(0);
            byte[] row = new byte[4 * w];
            BytePointer dst = frame.data(0);
            for (int y = 0; y < h; y++) {
                int o = base + y * w;
                for (int x = 0; x < w; x++) {
                    row[4 * x] = (byte) Videos.to8bit(d[o + 2 * plane + x]);
                    row[4 * x + 1] = (byte) Videos.to8bit(d[o + plane + x]);
                    row[4 * x + 2] = (byte) Videos.to8bit(d[o + x]);
                    row[4 * x + 3] = 0;
                }
                dst.position((long) y * ls).put(row, 0, row.length);
            }
            dst.position(0);
            return;
        }
        if (enc.pix_fmt() == AV_PIX_FMT_PAL8) {
            byte[] idx = new byte[plane];
            int[] pal = palette.quantize(d, base, plane, idx);
            int ls = frame.linesize(0);
            BytePointer dst = frame.data(0);
            for (int y = 0; y < h; y++) {
                dst.position((long) y * ls).put(idx, y * w, w);
            }
            dst.position(0);
            new IntPointer(frame.data(1)).put(pal, 0, 256);
            return;
        }
        int ly = frame.linesize(0), lu = frame.linesize(1), lv = frame.linesize(2);
        byte[] yRow = new byte[w];
        byte[] uRow = new byte[w / 2];
        byte[] vRow = new byte[w / 2];
        BytePointer py = frame.data(0), pu = frame.data(1), pv = frame.data(2);
        for (int y = 0; y < h; y++) {
            int o = base + y * w;
            for (int x = 0; x < w; x++) {
                matrix.fromRgb(d[o + x], d[o + plane + x], d[o + 2 * plane + x], false, ycc);
                yRow[x] = (byte) ycc[0];
            }
            py.position((long) y * ly).put(yRow, 0, w);
            if (y % 2 == 1) {
                // 4:2:0 chroma from the mean colour of each 2x2 block (chroma is linear in RGB).
                int o0 = o - w;
                for (int cx = 0; cx < w / 2; cx++) {
                    int a = o0 + 2 * cx, b = o + 2 * cx;
                    float r = (d[a] + d[a + 1] + d[b] + d[b + 1]) / 4;
                    float g = (d[a + plane] + d[a + plane + 1] + d[b + plane] + d[b + plane + 1]) / 4;
                    float bl = (d[a + 2 * plane] + d[a + 2 * plane + 1] + d[b + 2 * plane] + d[b + 2 * plane + 1]) / 4;
                    matrix.fromRgb(clamp(r), clamp(g), clamp(bl), false, ycc);
                    uRow[cx] = (byte) ycc[1];
                    vRow[cx] = (byte) ycc[2];
                }
                pu.position((long) (y / 2) * lu).put(uRow, 0, w / 2);
                pv.position((long) (y / 2) * lv).put(vRow, 0, w / 2);
            }
        }
        py.position(0);
        pu.position(0);
        pv.position(0);
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }

    /** Sends one frame (null = flush) and writes every packet the encoder gives back. */
    private void encode(AVFrame f) {
        check(avcodec_send_frame(enc, f), "encode");
        while (true) {
            int r = avcodec_receive_packet(enc, pkt);
            if (r == Ffmpeg.EAGAIN || r == AVERROR_EOF) {
                return;
            }
            check(r, "encode");
            av_packet_rescale_ts(pkt, enc.time_base(), stream.time_base());
            pkt.stream_index(stream.index());
            if (audio != null && pkt.pts() != AV_NOPTS_VALUE) {
                audio.copyUntil(pkt.pts() * av_q2d(stream.time_base()));
            }
            check(av_interleaved_write_frame(oc, pkt), "write video packet");
        }
    }

    private void check(int r, String what) {
        if (r == -28) { // AVERROR(ENOSPC)
            throw new InvalidInputException(target + ": no space left on the device");
        }
        Ffmpeg.check(r, target + ": " + what);
    }

    @Override
    protected long framesWritten() {
        return written;
    }

    @Override
    protected void commit() throws IOException {
        encode(null);
        if (audio != null) {
            audio.finish(written / fps);
        }
        check(av_write_trailer(oc), "write trailer");
        closeFile();
        AtomicFiles.commit(tmp, target);
    }

    @Override
    protected void cleanUp() {
        release();
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // best effort: a leftover hidden .partial file is harmless
        }
    }

    private void closeFile() {
        if (oc.pb() != null) {
            int r = avio_close(oc.pb());
            oc.pb(null);
            check(r, "close file");
        }
    }

    private void release() {
        if (audio != null) {
            audio.close();
            audio = null;
        }
        frame = Ffmpeg.free(frame);
        pkt = Ffmpeg.free(pkt);
        enc = Ffmpeg.free(enc);
        if (oc != null) {
            closeFile();
            avformat_free_context(oc);
            oc = null;
        }
    }
}

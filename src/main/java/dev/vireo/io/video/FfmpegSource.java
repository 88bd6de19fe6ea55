package dev.vireo.io.video;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes any container/codec the bundled FFmpeg knows. Y'CbCr frames are brought to 8-bit 4:4:4 by
 * swscale with the source range kept as is (no matrix applied there), then converted to RGB in Java with
 * the stream's own matrix and range ({@link ColorMatrix}); RGB and palette frames (PNG, GIF, FFV1-RGB) go
 * through swscale to RGB24 with no matrix at all.
 */
final class FfmpegSource extends SpanSource {
    private final Path path;
    private AVFormatContext fmt;
    private AVCodecContext dec;
    private AVPacket pkt;
    private AVFrame frame;
    private AVFrame conv;
    private SwsContext sws;
    private int swsFormat = -1;
    private final int streamIndex;
    private final VideoInfo info;
    private final boolean rgbInput;
    private final float[] lut;
    private boolean firstPending;
    private boolean inputDone;
    private boolean decoderDone;
    private byte[] p0, p1, p2;

    FfmpegSource(Path path, ReadOptions options) {
        super(options);
        Ffmpeg.load();
        this.path = path;
        try {
            String ext = Videos.extension(path);
            AVInputFormat forced = null;
            AVDictionary dict = new AVDictionary(null);
            // Elementary streams carry no container: name the demuxer and give it a frame rate.
            String raw = ext.matches("264|h264|avc|h26l") ? "h264" : ext.matches("265|h265|hevc") ? "hevc" : null;
            if (raw != null) {
                forced = av_find_input_format(raw);
                av_dict_set(dict, "framerate", String.format(Locale.ROOT, "%.6f", options.fallbackFps()), 0);
            }
            fmt = new AVFormatContext(null);
            int r = avformat_open_input(fmt, path.toString(), forced, dict);
            av_dict_free(dict);
            if (r < 0) {
                fmt = null;
                throw openFailure(path, r);
            }
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) {
                throw new InvalidInputException(path + ": corrupt or truncated video (" + Ffmpeg.error(r) + ")");
            }
            streamIndex = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (streamIndex < 0) {
                throw new InvalidInputException(path + ": not a video (no video stream in this "
                        + fmt.iformat().name().getString() + " file)");
            }
            AVStream st = fmt.streams(streamIndex);
            AVCodecParameters par = st.codecpar();
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            String codecName = avcodec_get_name(par.codec_id()).getString();
            if (codec == null) {
                throw new InvalidInputException(path + ": unsupported video codec "
                        + (par.codec_id() == AV_CODEC_ID_NONE ? "(not one FFmpeg knows)" : "'" + codecName + "' (no decoder in this build)"));
            }
            dec = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(dec, par);
            dec.pkt_timebase(st.time_base());
            dec.thread_count(0);
            r = avcodec_open2(dec, codec, (AVDictionary) null);
            if (r < 0) {
                throw new InvalidInputException(path + ": cannot decode video codec '" + codecName + "' (" + Ffmpeg.error(r) + ")");
            }
            pkt = av_packet_alloc();
            frame = av_frame_alloc();
            conv = av_frame_alloc();
            if (!decodeNext()) {
                throw new InvalidInputException(path + ": corrupt or truncated video (no frame could be decoded)");
            }
            firstPending = true;
            AVPixFmtDescriptor desc = av_pix_fmt_desc_get(frame.format());
            rgbInput = (desc.flags() & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) != 0;
            int width = frame.width(), height = frame.height();
            ColorMatrix matrix = null;
            boolean full = false;
            if (!rgbInput) {
                matrix = switch (frame.colorspace()) {
                    case AVCOL_SPC_BT709 -> ColorMatrix.BT709;
                    case AVCOL_SPC_BT470BG, AVCOL_SPC_SMPTE170M, AVCOL_SPC_FCC -> ColorMatrix.BT601;
                    case AVCOL_SPC_BT2020_NCL, AVCOL_SPC_BT2020_CL -> ColorMatrix.BT2020;
                    default -> ColorMatrix.defaultFor(height);
                };
                String pf = av_get_pix_fmt_name(frame.format()).getString();
                full = frame.color_range() == AVCOL_RANGE_JPEG || pf.startsWith("yuvj");
            }
            lut = matrix == null ? null : matrix.tables(full);
            AVRational rate = av_guess_frame_rate(fmt, st, null);
            double fps = rate.num() > 0 && rate.den() > 0 ? av_q2d(rate) : options.fallbackFps();
            long count = st.nb_frames() > 0 ? st.nb_frames() : -1;
            boolean audio = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0) >= 0;
            info = new VideoInfo(path, fmt.iformat().name().getString(), codecName, width, height, fps, count, audio,
                    matrix, full);
            for (int i = 0; i < options.start(); i++) {
                if (!nextFrame()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    protected Clip readNext(int want) {
        int w = info.width(), h = info.height(), plane = w * h;
        float[] out = new float[want * 3 * plane];
        int n = 0;
        while (n < want && nextFrame()) {
            if (frame.width() != w || frame.height() != h) {
                throw new InvalidInputException(path + ": frame size changes mid-stream (" + w + "x" + h + " to "
                        + frame.width() + "x" + frame.height() + ")");
            }
            convert(out, n * 3 * plane);
            n++;
        }
        return new Clip(n == want ? out : Arrays.copyOf(out, n * 3 * plane), n, 3, h, w, info.fps());
    }

    private boolean nextFrame() {
        if (firstPending) {
            firstPending = false;
            return true;
        }
        return decodeNext();
    }

    /** Decodes the next frame of the video stream into {@code frame}; false at the end of the input. */
    private boolean decodeNext() {
        while (!decoderDone) {
            int r = avcodec_receive_frame(dec, frame);
            if (r >= 0) {
                return true;
            }
            if (r == AVERROR_EOF) {
                decoderDone = true;
                break;
            }
            // EAGAIN, or a damaged frame the decoder skipped: feed it more input.
            feed();
        }
        return false;
    }

    private void feed() {
        if (inputDone) {
            decoderDone = true;
            return;
        }
        while (true) {
            int r = av_read_frame(fmt, pkt);
            if (r < 0) {
                // End of file, or a read error in a truncated file: decode what we have.
                inputDone = true;
                avcodec_send_packet(dec, null);
                return;
            }
            boolean ours = pkt.stream_index() == streamIndex;
            if (ours) {
                // Damaged packets are dropped (the decoder conceals); the stream goes on.
                avcodec_send_packet(dec, pkt);
            }
            av_packet_unref(pkt);
            if (ours) {
                return;
            }
        }
    }

    /** Converts {@code frame} to planar float RGB at {@code out[base..]}. */
    private void convert(float[] out, int base) {
        int w = frame.width(), h = frame.height(), plane = w * h;
        int target = rgbInput ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_YUV444P;
        AVFrame src = frame;
        if (frame.format() != target) {
            scale(target);
            src = conv;
        }
        if (rgbInput) {
            int ls = src.linesize(0);
            p0 = grab(src.data(0), ls * h, p0);
            for (int y = 0; y < h; y++) {
                int row = y * ls, o = base + y * w;
                for (int x = 0; x < w; x++) {
                    int i = row + 3 * x;
                    out[o + x] = (p0[i] & 0xff) / 255f;
                    out[o + plane + x] = (p0[i + 1] & 0xff) / 255f;
                    out[o + 2 * plane + x] = (p0[i + 2] & 0xff) / 255f;
                }
            }
            return;
        }
        int ly = src.linesize(0), lu = src.linesize(1), lv = src.linesize(2);
        p0 = grab(src.data(0), ly * h, p0);
        p1 = grab(src.data(1), lu * h, p1);
        p2 = grab(src.data(2), lv * h, p2);
        float[] t = lut;
        for (int y = 0; y < h; y++) {
            int o = base + y * w;
            for (int x = 0; x < w; x++) {
                float yy = t[p0[y * ly + x] & 0xff];
                int cb = p1[y * lu + x] & 0xff, cr = p2[y * lv + x] & 0xff;
                out[o + x] = ColorMatrix.clamp(yy + t[ColorMatrix.CR_R + cr]);
                out[o + plane + x] = ColorMatrix.clamp(yy + t[ColorMatrix.CB_G + cb] + t[ColorMatrix.CR_G + cr]);
                out[o + 2 * plane + x] = ColorMatrix.clamp(yy + t[ColorMatrix.CB_B + cb]);
            }
        }
    }

    private void scale(int target) {
        int w = frame.width(), h = frame.height();
        if (sws == null || swsFormat != frame.format() || conv.width() != w || conv.height() != h) {
            if (sws != null) {
                sws_freeContext(sws);
            }
            sws = sws_getContext(w, h, frame.format(), w, h, target, SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                    null, null, (DoublePointer) null);
            if (sws == null) {
                throw new InvalidInputException(path + ": unsupported pixel format "
                        + av_get_pix_fmt_name(frame.format()).getString());
            }
            if (!rgbInput) {
                // Y'CbCr to Y'CbCr: only chroma upsampling and bit depth; keep the range (no range conversion).
                int range = info.fullRange() ? 1 : 0;
                sws_setColorspaceDetails(sws, sws_getCoefficients(SWS_CS_DEFAULT), range,
                        sws_getCoefficients(SWS_CS_DEFAULT), range, 0, 1 << 16, 1 << 16);
            }
            swsFormat = frame.format();
            av_frame_unref(conv);
            conv.format(target);
            conv.width(w);
            conv.height(h);
            int r = av_frame_get_buffer(conv, 0);
            if (r < 0) {
                throw new IllegalStateException("av_frame_get_buffer: " + Ffmpeg.error(r));
            }
        }
        sws_scale(sws, frame.data(), frame.linesize(), 0, h, conv.data(), conv.linesize());
    }

    private static byte[] grab(BytePointer p, int n, byte[] reuse) {
        byte[] b = reuse != null && reuse.length >= n ? reuse : new byte[n];
        p.get(b, 0, n);
        return b;
    }

    /** Says, in one line, why FFmpeg could not open a file: corrupt/truncated known format, or not a video. */
    private static InvalidInputException openFailure(Path path, int code) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(1 << 16);
        } catch (IOException e) {
            return new InvalidInputException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (head.length == 0) {
            return new InvalidInputException(path + ": empty file, not a video");
        }
        BytePointer buf = new BytePointer(head.length + AVPROBE_PADDING_SIZE);
        buf.put(head, 0, head.length);
        buf.position(head.length).put(new byte[AVPROBE_PADDING_SIZE]).position(0);
        AVProbeData pd = new AVProbeData();
        pd.buf(buf).buf_size(head.length).filename(new BytePointer(""));
        int[] score = {0};
        AVInputFormat guess = av_probe_input_format3(pd, 1, score);
        if (guess != null && score[0] >= AVPROBE_SCORE_MAX / 4) {
            String names = guess.name().getString();
            String ext = Videos.extension(path);
            String kind = java.util.Arrays.asList(names.split(",")).contains(ext) ? ext : names.split(",")[0];
            return new InvalidInputException(path + ": corrupt or truncated " + kind + " file ("
                    + Ffmpeg.error(code) + ")");
        }
        return new InvalidInputException(path + ": not a video file (format not recognised: " + Ffmpeg.error(code) + ")");
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        conv = Ffmpeg.free(conv);
        frame = Ffmpeg.free(frame);
        pkt = Ffmpeg.free(pkt);
        dec = Ffmpeg.free(dec);
        if (fmt != null) {
            avformat_close_input(fmt);
            fmt = null;
        }
    }
}

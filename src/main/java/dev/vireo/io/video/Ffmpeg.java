package dev.vireo.io.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.Loader;

/** Loads the bundled FFmpeg natives once and keeps their log quiet so the user sees our one-line errors. */
final class Ffmpeg {
    /** AVERROR(EAGAIN) on Linux; the presets expose no constant for it. */
    static final int EAGAIN = -11;

    private static volatile boolean loaded;

    private Ffmpeg() {}

    static synchronized void load() {
        if (loaded) {
            return;
        }
        Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
        Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
        Loader.load(org.bytedeco.ffmpeg.global.swresample.class);
        // -Dvireo.ffmpeg.log=true brings FFmpeg's own error messages back for debugging.
        av_log_set_level(Boolean.getBoolean("vireo.ffmpeg.log") ? AV_LOG_ERROR : AV_LOG_QUIET);
        loaded = true;
    }

    /** FFmpeg's text for an error code. */
    static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Throws on a negative FFmpeg return code: these are internal failures, not bad user input. */
    static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + " failed (" + error(r) + ")");
        }
    }

    // Null-safe frees: close() must also work on an object whose constructor failed half way. Each returns
    // null so a caller clears its field in the same statement.

    static AVFrame free(AVFrame f) {
        if (f != null) {
            av_frame_free(f);
        }
        return null;
    }

    static AVPacket free(AVPacket p) {
        if (p != null) {
            av_packet_free(p);
        }
        return null;
    }

    static AVCodecContext free(AVCodecContext c) {
        if (c != null) {
            avcodec_free_context(c);
        }
        return null;
    }
}

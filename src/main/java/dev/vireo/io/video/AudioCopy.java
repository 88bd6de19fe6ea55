package dev.vireo.io.video;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import dev.vireo.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Copies the first audio stream of a source file into an output being muxed, packet by packet (no
 * re-encoding), from an offset in the source, interleaved with the video as it is written and cut at the
 * end of the clip. When the container cannot hold the source's codec, {@link AudioTranscode} re-encodes.
 */
final class AudioCopy implements AudioTrack {
    private AVFormatContext in;
    private final int index;
    private final AVStream out;
    private final AVFormatContext oc;
    private final AVPacket pkt = av_packet_alloc();
    private final long origin;
    private final AVRational inTb;
    private boolean pending, done;

    private AudioCopy(AVFormatContext in, int index, AVFormatContext oc, AVStream out, double offsetSeconds) {
        this.in = in;
        this.index = index;
        this.oc = oc;
        this.out = out;
        AVStream st = in.streams(index);
        this.inTb = st.time_base();
        long start = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time();
        this.origin = start + Math.round(offsetSeconds / av_q2d(inTb));
    }

    /**
     * Adds an audio stream to {@code oc} (before its header is written), copied when the container accepts
     * the codec, else re-encoded; null when the source has no audio.
     */
    static AudioTrack open(Path source, double offsetSeconds, AVFormatContext oc, Path target) {
        if (!Files.isRegularFile(source)) {
            throw new InvalidInputException(source + ": audio source not found");
        }
        AVFormatContext in = new AVFormatContext(null);
        int r = avformat_open_input(in, source.toString(), null, (AVDictionary) null);
        if (r < 0) {
            throw new InvalidInputException(source + ": cannot read audio from this file (" + Ffmpeg.error(r) + ")");
        }
        try {
            r = avformat_find_stream_info(in, (PointerPointer<?>) null);
            int index = r < 0 ? -1 : av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (index < 0) {
                avformat_close_input(in);
                return null;
            }
            AVStream st = in.streams(index);
            int codecId = st.codecpar().codec_id();
            if (avformat_query_codec(oc.oformat(), codecId, FF_COMPLIANCE_NORMAL) != 1) {
                return new AudioTranscode(in, index, oc, offsetSeconds, source, target);
            }
            AVStream os = avformat_new_stream(oc, null);
            avcodec_parameters_copy(os.codecpar(), st.codecpar());
            os.codecpar().codec_tag(0);
            os.time_base(st.time_base());
            return new AudioCopy(in, index, oc, os, offsetSeconds);
        } catch (RuntimeException e) {
            avformat_close_input(in);
            throw e;
        }
    }

    @Override
    public void finish(double seconds) {
        copyUntil(seconds);
    }

    /** Writes the audio packets that start before {@code seconds} (clip time). */
    @Override
    public void copyUntil(double seconds) {
        while (!done) {
            if (!pending) {
                int r = av_read_frame(in, pkt);
                if (r < 0) {
                    done = true;
                    return;
                }
                if (pkt.stream_index() != index || pkt.pts() == AV_NOPTS_VALUE || pkt.pts() < origin) {
                    av_packet_unref(pkt);
                    continue;
                }
                pending = true;
            }
            if ((pkt.pts() - origin) * av_q2d(inTb) >= seconds) {
                return;
            }
            pkt.pts(pkt.pts() - origin);
            if (pkt.dts() != AV_NOPTS_VALUE) {
                pkt.dts(pkt.dts() - origin);
            }
            av_packet_rescale_ts(pkt, inTb, out.time_base());
            pkt.stream_index(out.index());
            pkt.pos(-1);
            int r = av_interleaved_write_frame(oc, pkt);
            pending = false;
            Ffmpeg.check(r, "copying audio");
        }
    }

    @Override
    public void close() {
        Ffmpeg.free(pkt);
        if (in != null) {
            avformat_close_input(in);
            in = null;
        }
    }
}

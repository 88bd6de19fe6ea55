package dev.vireo.io.video;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

import dev.vireo.InvalidInputException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;

/**
 * Re-encodes a source's audio for containers that cannot hold its codec as is: AAC where the container
 * takes it, else Opus (WebM). Decode, resample with swresample, re-chunk to the encoder's frame size,
 * encode; cut at the clip's end.
 */
final class AudioTranscode implements AudioTrack {
    private AVFormatContext in;
    private final int index;
    private final AVFormatContext oc;
    private final AVStream out;
    private AVCodecContext dec, enc;
    private SwrContext swr;
    private AVAudioFifo fifo;
    private final AVPacket pkt = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final long origin;
    private final AVRational inTb;
    private long samplesOut;
    private boolean inputDone, finished;

    AudioTranscode(AVFormatContext in, int index, AVFormatContext oc, double offsetSeconds, Path source, Path target) {
        this.in = in;
        this.index = index;
        this.oc = oc;
        AVStream st = in.streams(index);
        inTb = st.time_base();
        origin = (st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time()) + Math.round(offsetSeconds / av_q2d(inTb));
        try {
            AVCodec dcodec = avcodec_find_decoder(st.codecpar().codec_id());
            if (dcodec == null) {
                throw new InvalidInputException(source + ": cannot decode its "
                        + avcodec_get_name(st.codecpar().codec_id()).getString() + " audio to re-encode it");
            }
            dec = avcodec_alloc_context3(dcodec);
            avcodec_parameters_to_context(dec, st.codecpar());
            dec.pkt_timebase(inTb);
            Ffmpeg.check(avcodec_open2(dec, dcodec, (AVDictionary) null), "open audio decoder");
            boolean aac = avformat_query_codec(oc.oformat(), AV_CODEC_ID_AAC, FF_COMPLIANCE_NORMAL) == 1;
            AVCodec ecodec = avcodec_find_encoder_by_name(aac ? "aac" : "libopus");
            if (ecodec == null || !aac && avformat_query_codec(oc.oformat(), AV_CODEC_ID_OPUS, FF_COMPLIANCE_NORMAL) != 1) {
                throw new InvalidInputException(target + ": cannot store the audio of " + source + " in ."
                        + Videos.extension(target) + "; write .mkv instead");
            }
            enc = avcodec_alloc_context3(ecodec);
            int channels = Math.min(2, Math.max(1, dec.ch_layout().nb_channels()));
            av_channel_layout_default(enc.ch_layout(), channels);
            // Opus runs at 48 kHz; AAC keeps the source rate when it is a standard one.
            int rate = aac && dec.sample_rate() >= 8000 && dec.sample_rate() <= 96000 ? dec.sample_rate() : 48000;
            enc.sample_rate(rate);
            enc.sample_fmt(aac ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_FLT);
            enc.bit_rate(64_000L * channels + 64_000);
            enc.time_base(av_make_q(1, rate));
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            Ffmpeg.check(avcodec_open2(enc, ecodec, (AVDictionary) null), "open audio encoder");
            out = avformat_new_stream(oc, null);
            Ffmpeg.check(avcodec_parameters_from_context(out.codecpar(), enc), "audio stream parameters");
            out.time_base(enc.time_base());
            swr = new SwrContext(null);
            Ffmpeg.check(swr_alloc_set_opts2(swr, enc.ch_layout(), enc.sample_fmt(), rate, dec.ch_layout(), dec.sample_fmt(),
                    dec.sample_rate(), 0, null), "audio resampler");
            Ffmpeg.check(swr_init(swr), "audio resampler");
            fifo = av_audio_fifo_alloc(enc.sample_fmt(), channels, 4096);
        } catch (RuntimeException e) {
            this.in = null; // still owned (and closed) by the caller
            close();
            throw e;
        }
    }

    private int frameSize() {
        return enc.frame_size() > 0 ? enc.frame_size() : 1024;
    }

    @Override
    public void copyUntil(double seconds) {
        // Only whole encoder frames mid-stream; a short frame is allowed last only.
        long limit = Math.round(seconds * enc.sample_rate());
        while (samplesOut + frameSize() <= limit) {
            if (!fill(frameSize())) {
                break;
            }
            encodeFrom(frameSize());
        }
    }

    @Override
    public void finish(double seconds) {
        if (finished) {
            return;
        }
        finished = true;
        long limit = Math.round(seconds * enc.sample_rate());
        while (samplesOut < limit) {
            fill(frameSize());
            int n = (int) Math.min(Math.min(frameSize(), av_audio_fifo_size(fifo)), limit - samplesOut);
            if (n <= 0) {
                break;
            }
            encodeFrom(n);
        }
        encode(null);
    }

    /** Decodes until the FIFO holds {@code n} samples; false when the source ran out first. */
    private boolean fill(int n) {
        while (av_audio_fifo_size(fifo) < n) {
            int r = avcodec_receive_frame(dec, decoded);
            if (r >= 0) {
                int cap = swr_get_out_samples(swr, decoded.nb_samples());
                AVFrame conv = av_frame_alloc();
                try {
                    conv.format(enc.sample_fmt());
                    av_channel_layout_copy(conv.ch_layout(), enc.ch_layout());
                    conv.sample_rate(enc.sample_rate());
                    conv.nb_samples(Math.max(1, cap));
                    Ffmpeg.check(av_frame_get_buffer(conv, 0), "audio buffer");
                    int got = swr_convert(swr, conv.extended_data(), cap, decoded.extended_data(), decoded.nb_samples());
                    Ffmpeg.check(got, "resample audio");
                    av_audio_fifo_write(fifo, conv.extended_data(), got);
                } finally {
                    av_frame_free(conv);
                }
                continue;
            }
            if (r == AVERROR_EOF) {
                return false;
            }
            if (inputDone) {
                return false;
            }
            feed();
        }
        return true;
    }

    private void feed() {
        while (true) {
            int r = av_read_frame(in, pkt);
            if (r < 0) {
                inputDone = true;
                avcodec_send_packet(dec, null);
                return;
            }
            boolean use = pkt.stream_index() == index && (pkt.pts() == AV_NOPTS_VALUE || pkt.pts() >= origin);
            if (use) {
                avcodec_send_packet(dec, pkt);
            }
            av_packet_unref(pkt);
            if (use) {
                return;
            }
        }
    }

    private void encodeFrom(int n) {
        AVFrame f = av_frame_alloc();
        try {
            f.format(enc.sample_fmt());
            av_channel_layout_copy(f.ch_layout(), enc.ch_layout());
            f.sample_rate(enc.sample_rate());
            f.nb_samples(n);
            Ffmpeg.check(av_frame_get_buffer(f, 0), "audio buffer");
            av_audio_fifo_read(fifo, f.extended_data(), n);
            f.pts(samplesOut);
            samplesOut += n;
            encode(f);
        } finally {
            av_frame_free(f);
        }
    }

    private void encode(AVFrame f) {
        Ffmpeg.check(avcodec_send_frame(enc, f), "encode audio");
        while (true) {
            int r = avcodec_receive_packet(enc, pkt);
            if (r == Ffmpeg.EAGAIN || r == AVERROR_EOF) {
                return;
            }
            Ffmpeg.check(r, "encode audio");
            av_packet_rescale_ts(pkt, enc.time_base(), out.time_base());
            pkt.stream_index(out.index());
            Ffmpeg.check(av_interleaved_write_frame(oc, pkt), "write audio");
        }
    }

    @Override
    public void close() {
        if (fifo != null) {
            av_audio_fifo_free(fifo);
            fifo = null;
        }
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
        enc = Ffmpeg.free(enc);
        dec = Ffmpeg.free(dec);
        Ffmpeg.free(decoded);
        Ffmpeg.free(pkt);
        if (in != null) {
            avformat_close_input(in);
            in = null;
        }
    }
}

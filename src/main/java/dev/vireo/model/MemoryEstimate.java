package dev.vireo.model;

import dev.vireo.tensor.Precision;

/**
 * The memory a forward pass needs: weights (float32 masters plus bf16 copies in bf16 mode) and, per frame,
 * the peak of live tensors along {@code AdmUNet}'s forward pass as written (see {@link Walk}). On the CPU
 * the resident growth of a process is larger than the live tensors by {@link #CPU_RESIDENT_FACTOR}
 * (libtorch's oneDNN reorder buffers and scratchpads, glibc's arenas keeping freed blocks), measured with
 * {@code vireo bench tiles} (docs/results/tiles/README.md).
 */
public record MemoryEstimate(long weightBytes, long activationBytesPerFrame) {
    /** Measured resident growth of a forward call on the CPU over the live tensors counted here. */
    public static final double CPU_RESIDENT_FACTOR = 1.75;

    public long totalBytes(int batch) {
        return weightBytes + activationBytesPerFrame * batch;
    }

    /** Per-frame memory a forward call takes on the device: the live tensors, scaled by the CPU's overhead there. */
    public long residentBytesPerFrame(boolean cpu) {
        return cpu ? (long) Math.ceil(activationBytesPerFrame * CPU_RESIDENT_FACTOR) : activationBytesPerFrame;
    }

    /** @throws dev.vireo.InvalidInputException for frames the network cannot take (not positive multiples of its size multiple) */
    public static MemoryEstimate of(AdmConfig cfg, int height, int width, Precision p) {
        int m = cfg.sizeMultiple();
        if (height < m || width < m || height % m != 0 || width % m != 0) {
            throw new dev.vireo.InvalidInputException("frames of " + width + "x" + height + " cannot go through this model:"
                    + " it needs a frame size that is a positive multiple of " + m);
        }
        long params = AdmUNet.countParameters(AdmUNet.parameterShapes(cfg));
        boolean bf16 = p == Precision.BFLOAT16;
        long weights = params * 4 + (bf16 ? params * 2 : 0);

        Walk walk = new Walk(bf16 ? 2 : 4, bf16);
        long peak = walk.network(cfg, (long) height * width);
        return new MemoryEstimate(weights, peak);
    }

    /**
     * Live bytes along one forward pass of {@code AdmUNet} as it is written: every block runs in its own
     * PointerScope, so all intermediates of a block (each layer's GroupNorm output, SiLU, convolutions,
     * scale-shift products, the concat input) stay alive until the block returns; the skip stack holds
     * every input block's output until its output block. Attention is fused (no [T, T] scores).
     */
    private static final class Walk {
        final long eb;
        final boolean bf16;

        Walk(long eb, boolean bf16) {
            this.eb = eb;
            this.bf16 = bf16;
        }

        long network(AdmConfig cfg, long hw) {
            long peak = 0;
            long stack = 0;
            java.util.ArrayDeque<Long> skips = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Integer> skipCh = new java.util.ArrayDeque<>();
            int ch = cfg.channels(0);
            long in = eb * cfg.inChannels() * hw;
            peak = Math.max(peak, in + eb * ch * hw);
            skips.push(eb * ch * hw);
            skipCh.push(ch);
            stack += eb * ch * hw;
            int ds = 1;
            for (int level = 0; level < cfg.levels(); level++) {
                for (int r = 0; r < cfg.numResBlocks(); r++) {
                    int out = cfg.channels(level);
                    long block = res(ch, out, hw, hw) + (cfg.attentionDs().contains(ds) ? attn(out, hw) : 0);
                    peak = Math.max(peak, stack + block);
                    ch = out;
                    skips.push(eb * ch * hw);
                    skipCh.push(ch);
                    stack += eb * ch * hw;
                }
                if (level != cfg.levels() - 1) {
                    long block = cfg.resblockUpdown() ? res(ch, ch, hw, hw / 4)
                            : eb * ch * hw / 4;
                    peak = Math.max(peak, stack + block);
                    hw /= 4;
                    ds *= 2;
                    skips.push(eb * ch * hw);
                    skipCh.push(ch);
                    stack += eb * ch * hw;
                }
            }
            // Middle: each layer in its own scope, its input alive beside it.
            long h = eb * ch * hw;
            peak = Math.max(peak, stack + res(ch, ch, hw, hw));
            peak = Math.max(peak, stack + h + attn(ch, hw));
            peak = Math.max(peak, stack + h + res(ch, ch, hw, hw));
            for (int level = cfg.levels() - 1; level >= 0; level--) {
                for (int i = 0; i <= cfg.numResBlocks(); i++) {
                    int ich = skipCh.pop();
                    int out = cfg.channels(level);
                    long block = eb * (ch + ich) * hw + res(ch + ich, out, hw, hw)
                            + (cfg.attentionDs().contains(ds) ? attn(out, hw) : 0);
                    if (level > 0 && i == cfg.numResBlocks()) {
                        block += cfg.resblockUpdown() ? res(out, out, hw, hw * 4)
                                : eb * out * hw * 4 * (cfg.convResample() ? 2 : 1);
                    }
                    peak = Math.max(peak, stack + h + block); // the stack still holds the popped skip
                    stack -= skips.pop();
                    ch = out;
                    if (level > 0 && i == cfg.numResBlocks()) {
                        hw *= 4;
                        ds /= 2;
                    }
                    h = eb * ch * hw;
                }
            }
            return Math.max(peak, h + gn(ch * hw) + eb * ch * hw + 4L * cfg.outChannels() * hw * 2);
        }

        /** GroupNorm's result; in bf16 also the float32 copy of its input and its float32 result. */
        long gn(long n) {
            return bf16 ? 10 * n : 4 * n;
        }

        /** GroupNorm + SiLU in, [resampled h and x], conv in, GroupNorm, scale, shift, SiLU, conv out, [skip conv], sum. */
        long res(int in, int out, long hwIn, long hwOut) {
            long resampled = hwIn != hwOut ? 2 * eb * in * hwOut : 0;
            return gn(in * hwIn) + eb * in * hwIn + resampled + gn(out * hwOut) + eb * out * hwOut * (in == out ? 6 : 7);
        }

        /** GroupNorm, qkv, contiguous q/k/v for the fused kernel, its output and the reshaped copy, projection, sum. */
        long attn(int ch, long len) {
            return gn(ch * len) + eb * ch * len * 10;
        }
    }
}

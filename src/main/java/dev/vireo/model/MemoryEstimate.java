package dev.vireo.model;

import dev.vireo.tensor.Precision;

/**
 * A rough upper estimate of the memory a forward pass needs: weights (float32 masters plus bf16 copies
 * in bf16 mode) and, per frame, the peak of live activations: the skip stack held between the encoder
 * and decoder plus the transients of the largest layer (GroupNorm's float32 copies, the concat input,
 * attention scores and their float32 softmax). Allocator overhead and libtorch's workspaces are not counted.
 */
public record MemoryEstimate(long weightBytes, long activationBytesPerFrame) {

    public long totalBytes(int batch) {
        return weightBytes + activationBytesPerFrame * batch;
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
        long eb = bf16 ? 2 : 4;
        long weights = params * 4 + (bf16 ? params * 2 : 0);

        long hw = (long) height * width;
        long skip = 0;
        long peak = 0;
        int ch = cfg.channels(0);
        long[] stack = new long[1 + cfg.levels() * (cfg.numResBlocks() + 1)];
        int top = 0;
        stack[top++] = ch * hw * eb;
        skip += ch * hw * eb;
        int ds = 1;
        for (int level = 0; level < cfg.levels(); level++) {
            for (int r = 0; r < cfg.numResBlocks(); r++) {
                int out = cfg.channels(level);
                peak = Math.max(peak, skip + res(ch, out, hw, hw, eb));
                ch = out;
                if (cfg.attentionDs().contains(ds)) {
                    peak = Math.max(peak, skip + attn(ch, hw, cfg.heads(ch, false), eb));
                }
                stack[top++] = ch * hw * eb;
                skip += ch * hw * eb;
            }
            if (level != cfg.levels() - 1) {
                peak = Math.max(peak, skip + res(ch, ch, hw, hw / 4, eb));
                hw /= 4;
                ds *= 2;
                stack[top++] = ch * hw * eb;
                skip += ch * hw * eb;
            }
        }
        peak = Math.max(peak, skip + Math.max(res(ch, ch, hw, hw, eb), attn(ch, hw, cfg.heads(ch, false), eb)));
        for (int level = cfg.levels() - 1; level >= 0; level--) {
            for (int i = 0; i <= cfg.numResBlocks(); i++) {
                long popped = stack[--top];
                int ich = (int) (popped / (hw * eb));
                int out = cfg.channels(level);
                long concat = (ch + ich) * hw * eb;
                peak = Math.max(peak, skip + concat + res(ch + ich, out, hw, hw, eb));
                skip -= popped;
                ch = out;
                if (cfg.attentionDs().contains(ds)) {
                    peak = Math.max(peak, skip + attn(ch, hw, cfg.heads(ch, true), eb));
                }
                if (level > 0 && i == cfg.numResBlocks()) {
                    peak = Math.max(peak, skip + res(ch, ch, hw, hw * 4, eb));
                    hw *= 4;
                    ds /= 2;
                }
            }
        }
        return new MemoryEstimate(weights, peak);
    }

    /** Input, GroupNorm float32 copy and output, activation, conv outputs, skip and sum of one ResBlock. */
    private static long res(int in, int out, long hwIn, long hwOut, long eb) {
        long gn32 = 8 * Math.max(in * hwIn, out * hwOut);
        return eb * (2 * in * hwIn + 5 * out * hwOut) + gn32;
    }

    /** Activations plus per-head scores (activation type) and their float32 softmax. */
    private static long attn(int ch, long len, int heads, long eb) {
        return eb * ch * len * 6 + heads * len * len * (2 * eb + 8) + 8 * ch * len;
    }
}

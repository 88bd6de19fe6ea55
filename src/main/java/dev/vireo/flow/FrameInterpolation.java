package dev.vireo.flow;

import dev.vireo.InvalidInputException;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Fills the frames that {@code subsample:k[:offset]} drops, from the kept ones: kept frame i sits at clip frame
 * offset + i·k, and each frame between two kept ones is built from both neighbours at temporal distance
 * τ = (n − p)/k from the earlier one. Frames before the first kept frame hold the first, frames after the last
 * hold the last (there is no second neighbour to interpolate towards).
 *
 * <ul>
 *   <li>{@link #linear}: (1 − τ)·a + τ·b, the plain cross-fade.</li>
 *   <li>{@link #flow}: both neighbours warped to time τ along the {@link OpticalFlow} between them and blended
 *       by temporal distance. The flow from the intermediate frame back to each neighbour is the Super SloMo
 *       approximation (Jiang et al., CVPR 2018) from the forward flow F_ab and the backward flow F_ba:
 *       F_τa = −τ(1−τ) F_ab + τ² F_ba, F_τb = (1−τ)² F_ab − τ(1−τ) F_ba, exact for uniform motion. A pixel whose
 *       warp leaves the frame takes its value from the other neighbour only.</li>
 * </ul>
 * Arrays are [N, C, H, W] float in [0, 1], C order.
 */
public final class FrameInterpolation {
    /** How the frames between two kept ones are made. */
    public enum Mode { LINEAR, FLOW }

    /** Frames are upscaled to at least this long side for the flow ({@link OpticalFlow#OpticalFlow(int)}). */
    static final int FLOW_MIN_SIDE = 256;

    private FrameInterpolation() {}

    /** The cross-faded clip of {@code frames} frames. */
    public static float[] linear(float[] kept, int c, int h, int w, int step, int offset, int frames) {
        return fill(Mode.LINEAR, kept, c, h, w, step, offset, frames);
    }

    /** The flow-interpolated clip of {@code frames} frames (the flow start of svi's warm start). */
    public static float[] flow(float[] kept, int c, int h, int w, int step, int offset, int frames) {
        return fill(Mode.FLOW, kept, c, h, w, step, offset, frames);
    }

    public static float[] fill(Mode mode, float[] kept, int c, int h, int w, int step, int offset, int frames) {
        int frame = c * h * w;
        if (step < 1 || offset < 0 || offset >= step || frames <= offset || kept.length % frame != 0) {
            throw new InvalidInputException("cannot interpolate " + kept.length / Math.max(1, frame) + " kept frames every "
                    + step + " from " + offset + " into " + frames);
        }
        int count = kept.length / frame;
        if (count != (frames - offset + step - 1) / step) {
            throw new InvalidInputException(count + " kept frames do not fit subsample:" + step + ":" + offset + " of " + frames + " frames");
        }
        float[] out = new float[frames * frame];
        for (int n = 0; n < frames; n++) {
            int i = Math.max(0, Math.min(count - 1, Math.floorDiv(n - offset, step)));
            int p = offset + i * step;
            if (n <= p || i == count - 1) {
                System.arraycopy(kept, i * frame, out, n * frame, frame); // a kept frame, or held before the first / after the last
            }
        }
        if (count < 2 || step == 1) {
            return out;
        }
        try (OpticalFlow of = mode == Mode.FLOW ? new OpticalFlow(FLOW_MIN_SIDE) : null) {
            for (int i = 0; i + 1 < count; i++) {
                float[] fab = null;
                float[] fba = null;
                if (of != null) {
                    try (Mat a = OpticalFlow.grey(kept, i, c, h, w); Mat b = OpticalFlow.grey(kept, i + 1, c, h, w)) {
                        fab = of.flow(a, b);
                        fba = of.flow(b, a);
                    }
                }
                for (int d = 1; d < step; d++) {
                    int n = offset + i * step + d;
                    double tau = d / (double) step;
                    if (of == null) {
                        blend(kept, i, tau, out, n, frame);
                    } else {
                        warp(kept, i, tau, fab, fba, out, n, c, h, w);
                    }
                }
            }
        }
        return out;
    }

    private static void blend(float[] kept, int i, double tau, float[] out, int n, int frame) {
        int a = i * frame;
        int b = a + frame;
        for (int q = 0; q < frame; q++) {
            out[n * frame + q] = (float) ((1 - tau) * kept[a + q] + tau * kept[b + q]);
        }
    }

    private static void warp(float[] kept, int i, double tau, float[] fab, float[] fba, float[] out, int n, int c, int h, int w) {
        int plane = h * w;
        int frame = c * plane;
        double ka = -tau * (1 - tau);
        double kb = tau * tau;
        double la = (1 - tau) * (1 - tau);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                double ax = x + ka * fab[2 * p] + kb * fba[2 * p];
                double ay = y + ka * fab[2 * p + 1] + kb * fba[2 * p + 1];
                double bx = x + la * fab[2 * p] + ka * fba[2 * p];
                double by = y + la * fab[2 * p + 1] + ka * fba[2 * p + 1];
                double wa = OpticalFlow.inside(ax, ay, h, w) ? 1 - tau : 0;
                double wb = OpticalFlow.inside(bx, by, h, w) ? tau : 0;
                if (wa + wb == 0) {
                    wa = 1 - tau;
                    wb = tau;
                }
                for (int ch = 0; ch < c; ch++) {
                    double va = OpticalFlow.bilinear(kept, i * frame + ch * plane, 1, ax, ay, h, w);
                    double vb = OpticalFlow.bilinear(kept, (i + 1) * frame + ch * plane, 1, bx, by, h, w);
                    out[n * frame + ch * plane + p] = (float) ((wa * va + wb * vb) / (wa + wb));
                }
            }
        }
    }
}

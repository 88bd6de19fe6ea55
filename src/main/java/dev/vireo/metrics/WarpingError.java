package dev.vireo.metrics;

import dev.vireo.flow.OpticalFlow;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;

/**
 * Warping error (Lai et al., ECCV 2018): for each transition t−1 → t, the mean over non-occluded pixels and
 * channels of {@code (x[t] − W(x[t−1]))²}, where W warps the estimate's previous frame along the optical
 * flow of the <em>reference</em> ({@link OpticalFlow}: DIS, OpenCV's medium preset, on the BT.601 luma at 8 bits) and bilinear
 * sampling. A pixel counts when its flow lands inside the frame and the forward–backward check holds
 * (|F + F_b(p + F)|² ≤ 0.01(|F|² + |F_b|²) + 0.5, Sundaram et al.). The clip value is the mean over
 * transitions; a single-frame clip gives NaN. 0 when the estimate moves exactly as the reference's flow
 * says; lower is better.
 */
public final class WarpingError extends BuiltInMetric {
    public WarpingError() {
        super("warp", false, Granularity.TRANSITION);
    }

    @Override
    Score score(Tensor estimate, Tensor reference) {
        HostClip x = HostClip.of(estimate);
        HostClip g = HostClip.of(reference);
        int n = x.frames();
        int h = x.height();
        int w = x.width();
        double[] values = new double[Math.max(0, n - 1)];
        try (OpticalFlow of = new OpticalFlow()) {
            Mat prevGrey = OpticalFlow.grey(g.data(), 0, g.channels(), h, w);
            for (int t = 1; t < n; t++) {
                Mat curGrey = OpticalFlow.grey(g.data(), t, g.channels(), h, w);
                float[] back = of.flow(curGrey, prevGrey);
                float[] fwd = of.flow(prevGrey, curGrey);
                values[t - 1] = error(x.data(), t, x.channels(), h, w, back, fwd);
                prevGrey.close();
                prevGrey = curGrey;
            }
            prevGrey.close();
        }
        return new Score(values, FrameOps.mean(values));
    }

    /** Mean squared error of frame t against frame t−1 warped by {@code back} over consistent pixels (0 if none). */
    private static double error(float[] x, int t, int c, int h, int w, float[] back, float[] fwd) {
        int plane = h * w;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int p = i * w + j;
                float u = back[2 * p];
                float v = back[2 * p + 1];
                float sx = j + u;
                float sy = i + v;
                if (!OpticalFlow.inside(sx, sy, h, w)) {
                    continue;
                }
                double bu = OpticalFlow.bilinear(fwd, 0, 2, sx, sy, h, w);
                double bv = OpticalFlow.bilinear(fwd, 1, 2, sx, sy, h, w);
                double du = u + bu;
                double dv = v + bv;
                if (du * du + dv * dv > 0.01 * (u * u + v * v + bu * bu + bv * bv) + 0.5) {
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    int cur = (t * c + ch) * plane;
                    int prev = ((t - 1) * c + ch) * plane;
                    double e = x[cur + p] - OpticalFlow.bilinear(x, prev, 1, sx, sy, h, w);
                    sum += e * e;
                }
                count += c;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}

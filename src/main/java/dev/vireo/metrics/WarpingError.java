package dev.vireo.metrics;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;
import org.bytedeco.pytorch.Tensor;

/**
 * Warping error (Lai et al., ECCV 2018): for each transition t−1 → t, the mean over non-occluded pixels and
 * channels of {@code (x[t] − W(x[t−1]))²}, where W warps the estimate's previous frame along the optical
 * flow of the <em>reference</em> (DIS, OpenCV's medium preset, on the BT.601 luma at 8 bits) and bilinear
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
        DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);
        try {
            Mat prevGrey = grey(g, 0);
            for (int t = 1; t < n; t++) {
                Mat curGrey = grey(g, t);
                float[] back = flow(dis, curGrey, prevGrey, h, w);
                float[] fwd = flow(dis, prevGrey, curGrey, h, w);
                values[t - 1] = error(x.data(), t, x.channels(), h, w, back, fwd);
                prevGrey.close();
                prevGrey = curGrey;
            }
            prevGrey.close();
        } finally {
            dis.close();
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
                if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) {
                    continue;
                }
                double bu = bilinear(fwd, 0, 2, sx, sy, h, w);
                double bv = bilinear(fwd, 1, 2, sx, sy, h, w);
                double du = u + bu;
                double dv = v + bv;
                if (du * du + dv * dv > 0.01 * (u * u + v * v + bu * bu + bv * bv) + 0.5) {
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    int cur = (t * c + ch) * plane;
                    int prev = ((t - 1) * c + ch) * plane;
                    double warped = bilinear(x, prev, 1, sx, sy, h, w);
                    double e = x[cur + p] - warped;
                    sum += e * e;
                }
                count += c;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Bilinear sample at (sx, sy) of the plane whose pixel (y, x) is {@code a[offset + (y·w + x)·stride]}. */
    private static double bilinear(float[] a, int offset, int stride, float sx, float sy, int h, int w) {
        int x0 = Math.min((int) Math.floor(sx), w - 1);
        int y0 = Math.min((int) Math.floor(sy), h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = sx - x0;
        double fy = sy - y0;
        double top = a[offset + (y0 * w + x0) * stride] * (1 - fx) + a[offset + (y0 * w + x1) * stride] * fx;
        double bot = a[offset + (y1 * w + x0) * stride] * (1 - fx) + a[offset + (y1 * w + x1) * stride] * fx;
        return top * (1 - fy) + bot * fy;
    }

    /** Frame t's luma as an 8-bit single-channel Mat. */
    private static Mat grey(HostClip clip, int t) {
        double[] v = clip.luma(t);
        byte[] b = new byte[v.length];
        for (int p = 0; p < v.length; p++) {
            b[p] = (byte) Math.max(0, Math.min(255, Math.round(v[p] * 255)));
        }
        Mat m = new Mat(clip.height(), clip.width(), opencv_core.CV_8UC1);
        BytePointer data = m.data();
        data.put(b);
        return m;
    }

    /** DIS flow from {@code from} to {@code to}: to(p + F(p)) ≈ from(p), interleaved (dx, dy). */
    private static float[] flow(DISOpticalFlow dis, Mat from, Mat to, int h, int w) {
        try (Mat f = new Mat()) {
            dis.calc(from, to, f);
            float[] out = new float[2 * h * w];
            new FloatPointer(f.data()).get(out);
            return out;
        }
    }
}

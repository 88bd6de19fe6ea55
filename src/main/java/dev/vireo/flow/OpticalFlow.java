package dev.vireo.flow;

import dev.vireo.io.video.ColorMatrix;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Dense optical flow by OpenCV's DIS (medium preset) on the BT.601 luma at 8 bits, and bilinear sampling of
 * planar frames and interleaved flow fields. Shared by the warping-error metric and the flow start of frame
 * interpolation, so both see the same flow. Frames are planes of a [N, C, H, W] float array in [0, 1].
 */
public final class OpticalFlow implements AutoCloseable {
    private final DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);
    private final int minSide;

    /** Flow on the frames as they are. */
    public OpticalFlow() {
        this(0);
    }

    /**
     * Flow on frames upscaled by the smallest integer factor that makes their long side at least {@code minSide}
     * (then brought back to the frame's grid and units). DIS sizes its pyramid from the frame: at 64² it runs on one
     * half-resolution level and loses motions of more than a few pixels, which upscaling recovers.
     */
    public OpticalFlow(int minSide) {
        this.minSide = minSide;
    }

    /** Frame t of {@code a} as an 8-bit single-channel Mat (BT.601 luma of RGB, the channel itself for grey); the caller closes it. */
    public static Mat grey(float[] a, int t, int c, int h, int w) {
        int plane = h * w;
        byte[] b = new byte[plane];
        for (int p = 0; p < plane; p++) {
            double v;
            if (c == 3) {
                int base = t * 3 * plane;
                v = ColorMatrix.BT601.luma(a[base + p], a[base + plane + p], a[base + 2 * plane + p]);
            } else {
                v = a[t * c * plane + p];
            }
            b[p] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
        }
        Mat m = new Mat(h, w, opencv_core.CV_8UC1);
        BytePointer data = m.data();
        data.put(b);
        return m;
    }

    /** Flow from {@code from} to {@code to}: to(p + F(p)) ≈ from(p), interleaved (dx, dy) per pixel in row order. */
    public float[] flow(Mat from, Mat to) {
        int h = from.rows();
        int w = from.cols();
        int scale = Math.max(1, (minSide + Math.max(h, w) - 1) / Math.max(h, w));
        try (Mat f = new Mat()) {
            if (scale == 1) {
                dis.calc(from, to, f);
            } else {
                try (Mat a = new Mat(); Mat b = new Mat(); Mat big = new Mat()) {
                    Size up = new Size(w * scale, h * scale);
                    opencv_imgproc.resize(from, a, up, 0, 0, opencv_imgproc.INTER_CUBIC);
                    opencv_imgproc.resize(to, b, up, 0, 0, opencv_imgproc.INTER_CUBIC);
                    up.close();
                    dis.calc(a, b, big);
                    Size down = new Size(w, h);
                    opencv_imgproc.resize(big, f, down, 0, 0, opencv_imgproc.INTER_AREA);
                    down.close();
                }
            }
            float[] out = new float[2 * h * w];
            new FloatPointer(f.data()).get(out);
            if (scale > 1) {
                for (int i = 0; i < out.length; i++) {
                    out[i] /= scale;
                }
            }
            return out;
        }
    }

    /**
     * Bilinear sample at (sx, sy) of the h×w grid {@code a[base + (y·w + x)·stride]} (stride 1 for a plane, 2 for
     * one component of a flow field); coordinates are clamped to the grid.
     */
    public static double bilinear(float[] a, int base, int stride, double sx, double sy, int h, int w) {
        double cx = Math.max(0, Math.min(w - 1, sx));
        double cy = Math.max(0, Math.min(h - 1, sy));
        int x0 = Math.min((int) Math.floor(cx), w - 1);
        int y0 = Math.min((int) Math.floor(cy), h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = a[base + (y0 * w + x0) * stride] * (1 - fx) + a[base + (y0 * w + x1) * stride] * fx;
        double bot = a[base + (y1 * w + x0) * stride] * (1 - fx) + a[base + (y1 * w + x1) * stride] * fx;
        return top * (1 - fy) + bot * fy;
    }

    /** Whether (sx, sy) lies on the h×w grid. */
    public static boolean inside(double sx, double sy, int h, int w) {
        return sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1;
    }

    @Override
    public void close() {
        dis.close();
    }
}

package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.StringViewOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Spatial PSF applied to every frame and channel: true 2-D convolution y[i,j] = Σ k[a,b]·x[i−(a−KH/2),
 * j−(b−KW/2)], size unchanged, out-of-range pixels from the boundary (default reflect, as the paper's
 * code pads). Rank-1 kernels run as two 1-D passes; others as a direct convolution when small and as
 * an FFT convolution (on the boundary-padded frame) when large.
 */
public final class SpatialBlur extends SpecOperator {
    public static final Boundary DEFAULT_BOUNDARY = Boundary.REFLECT;
    /** Non-separable kernels with more taps than this use the FFT. */
    static final int DIRECT_MAX_TAPS = 225;

    public enum Method { SEPARABLE, DIRECT, FFT }

    private final String description;
    private final double[][] kernel;
    private final Boundary boundary;
    private final Method method;
    private final AxisConv rows;
    private final AxisConv cols;
    private final Pad1d padH;
    private final Pad1d padW;
    private final Depthwise direct;
    private final Params params = new Params();

    SpatialBlur(String description, double[][] kernel, Boundary boundary, Method forced) {
        this.description = description;
        this.kernel = copy(kernel);
        this.boundary = boundary;
        int kh = kernel.length;
        int kw = kernel[0].length;
        double[][] parts = Kernels.separate(kernel);
        if (forced != null) {
            if (forced == Method.SEPARABLE && parts == null) {
                throw new IllegalArgumentException("kernel is not separable");
            }
            this.method = forced;
        } else if (parts != null) {
            this.method = Method.SEPARABLE;
        } else {
            this.method = (long) kh * kw <= DIRECT_MAX_TAPS ? Method.DIRECT : Method.FFT;
        }
        this.rows = method == Method.SEPARABLE ? new AxisConv(2, parts[0], boundary) : null;
        this.cols = method == Method.SEPARABLE ? new AxisConv(3, parts[1], boundary) : null;
        this.padH = new Pad1d(2, kh - 1 - kh / 2, kh / 2, boundary);
        this.padW = new Pad1d(3, kw - 1 - kw / 2, kw / 2, boundary);
        this.direct = method == Method.DIRECT ? new Depthwise(this.kernel) : null;
    }

    /** Isotropic normalised Gaussian, k×k taps (paper's deblur: σ = 2.0). */
    public static SpatialBlur gaussian(double sigma, int k, Boundary boundary) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("gaussian sigma must be positive, got " + sigma);
        }
        size(k);
        double[] g = Kernels.gaussian(sigma, k);
        return new SpatialBlur("gaussian:" + num(sigma) + ":" + k, Kernels.outer(g, g), boundary, null);
    }

    /** k×k mean. */
    public static SpatialBlur box(int k, Boundary boundary) {
        size(k);
        return new SpatialBlur("box:" + k, Kernels.outer(Kernels.uniform(k), Kernels.uniform(k)), boundary, null);
    }

    /** Linear motion blur ({@link Kernels#motion}). */
    public static SpatialBlur motion(double length, double angleDeg, Boundary boundary) {
        if (!(length > 0) || length > 1000) {
            throw new InvalidInputException("motion length must be in (0, 1000] pixels, got " + length);
        }
        if (!Double.isFinite(angleDeg)) {
            throw new InvalidInputException("motion angle must be a finite number of degrees");
        }
        return new SpatialBlur("motion:" + num(length) + ":" + num(angleDeg), Kernels.motion(length, angleDeg),
                boundary, null);
    }

    /** An arbitrary kernel [KH][KW] used as given; {@code description} is its spec after "blur:". */
    public static SpatialBlur of(String description, double[][] kernel, Boundary boundary) {
        if (kernel.length == 0 || kernel[0].length == 0) {
            throw new InvalidInputException("blur kernel is empty");
        }
        for (double[] row : kernel) {
            if (row.length != kernel[0].length) {
                throw new InvalidInputException("blur kernel rows differ in length");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException("blur kernel holds a non-finite value");
                }
            }
        }
        return new SpatialBlur(description, kernel, boundary, null);
    }

    /** The same operator computed another way (tests compare the paths). */
    SpatialBlur withMethod(Method m) {
        return new SpatialBlur(description, kernel, boundary, m);
    }

    private static void size(int k) {
        if (k < 1 || k > 1001) {
            throw new InvalidInputException("blur kernel size must be in 1..1001, got " + k);
        }
    }

    private static double[][] copy(double[][] k) {
        return Arrays.stream(k).map(double[]::clone).toArray(double[][]::new);
    }

    public double[][] kernel() {
        return copy(kernel);
    }

    public Boundary boundary() {
        return boundary;
    }

    public Method method() {
        return method;
    }

    @Override
    public Tensor apply(Tensor x) {
        check(x);
        return switch (method) {
            case SEPARABLE -> cols.apply(rows.apply(x));
            case DIRECT -> direct.apply(padW.apply(padH.apply(x)));
            case FFT -> fft(x, false);
        };
    }

    @Override
    public Tensor adjoint(Tensor y) {
        check(y);
        long h = y.size(2);
        long w = y.size(3);
        return switch (method) {
            case SEPARABLE -> rows.adjoint(cols.adjoint(y));
            case DIRECT -> padH.adjoint(padW.adjoint(direct.adjoint(y), w), h);
            case FFT -> fft(y, true);
        };
    }

    /**
     * Circular boundary: circular convolution of the frame itself. Other boundaries: pad the frame
     * (KH−1 rows, KW−1 columns), zero-extend to an FFT-friendly size, convolve circularly (no wrap
     * reaches the kept part), keep the first H×W samples. The adjoint runs the chain backwards with
     * conj(K̂).
     */
    private Tensor fft(Tensor t, boolean adjoint) {
        int kh = kernel.length;
        int kw = kernel[0].length;
        boolean circ = boundary == Boundary.CIRCULAR;
        long h = t.size(2);
        long w = t.size(3);
        long hp = h + kh - 1;
        long wp = w + kw - 1;
        long hf = circ ? h : fastSize(hp);
        long wf = circ ? w : fastSize(wp);
        Tensor g = transfer(hf, wf, circ ? kh / 2 : kh - 1, circ ? kw / 2 : kw - 1, t);
        long[] s = {hf, wf};
        long[] dims = {-2, -1};
        if (circ) {
            Tensor k = adjoint ? g.conj() : g;
            return torch.fft_irfft2(torch.fft_rfft2(t).mul(k), s, dims, new StringViewOptional());
        }
        if (!adjoint) {
            Tensor xp = padW.apply(padH.apply(t));
            Tensor xf = torch.constant_pad_nd(xp, 0, wf - wp, 0, hf - hp);
            Tensor z = torch.fft_irfft2(torch.fft_rfft2(xf).mul(g), s, dims, new StringViewOptional());
            return z.narrow(2, 0, h).narrow(3, 0, w).contiguous();
        }
        Tensor yf = torch.constant_pad_nd(t, 0, wf - w, 0, hf - h);
        Tensor z = torch.fft_irfft2(torch.fft_rfft2(yf).mul(g.conj()), s, dims, new StringViewOptional());
        return padH.adjoint(padW.adjoint(z.narrow(2, 0, hp).narrow(3, 0, wp), w), h);
    }

    /** The smallest n ≥ m whose only prime factors are 2, 3, 5 and 7 (fast FFT lengths). */
    static long fastSize(long m) {
        for (long n = Math.max(1, m); ; n++) {
            long r = n;
            for (long p : new long[] {2, 3, 5, 7}) {
                while (r % p == 0) {
                    r /= p;
                }
            }
            if (r == 1) {
                return n;
            }
        }
    }

    /** rfft2 of the kernel placed on an hp×wp grid with tap (oh, ow) at the origin (aliases summed). */
    private Tensor transfer(long hp, long wp, int oh, int ow, Tensor like) {
        return params.compute("g" + hp + "x" + wp, like, l -> {
            double[] img = new double[(int) (hp * wp)];
            for (int i = 0; i < kernel.length; i++) {
                for (int j = 0; j < kernel[0].length; j++) {
                    long r = Math.floorMod(i - oh, hp);
                    long c = Math.floorMod(j - ow, wp);
                    img[(int) (r * wp + c)] += kernel[i][j];
                }
            }
            return torch.fft_rfft2(Params.cpuDoubles(img, hp, wp).to(l.device(), l.scalar_type()));
        });
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return clipShape(inputShape);
    }

    @Override
    public String spec() {
        return "blur:" + description + padOption(boundary, DEFAULT_BOUNDARY);
    }
}

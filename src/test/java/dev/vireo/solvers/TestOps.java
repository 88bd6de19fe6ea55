package dev.vireo.solvers;

import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/** Test-local operators and fake models (the real ones live in other packages). */
final class TestOps {
    private TestOps() {}

    /**
     * k-frame centred circular temporal mean, then s×s block mean (s = 1: none); the adjoint is exact.
     * With k = 7, s = 2 this is the svi fixture's operator.
     */
    static LinearOperator temporalThenDown(int k, int s) {
        return new LinearOperator() {
            @Override
            public Tensor apply(Tensor x) {
                return down(temporal(x));
            }

            @Override
            public Tensor adjoint(Tensor y) {
                return temporal(up(y));
            }

            @Override
            public long[] outputShape(long[] in) {
                return new long[] {in[0], in[1], in[2] / s, in[3] / s};
            }

            @Override
            public String spec() {
                return "temporal:uniform:" + k + ",down:" + s;
            }

            private Tensor temporal(Tensor x) {
                Tensor sum = x;
                for (int d = 1; d <= k / 2; d++) {
                    sum = sum.add(x.roll(new long[] {d}, 0)).add(x.roll(new long[] {-d}, 0));
                }
                return sum.div(Tensors.scalar(k));
            }

            private Tensor down(Tensor x) {
                if (s == 1) {
                    return x;
                }
                long[] z = Tensors.shape(x);
                return x.reshape(z[0], z[1], z[2] / s, s, z[3] / s, s).mean(new long[] {3, 5}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
            }

            private Tensor up(Tensor y) {
                if (s == 1) {
                    return y;
                }
                long[] z = Tensors.shape(y);
                return y.reshape(z[0], z[1], z[2], 1, z[3], 1).expand(z[0], z[1], z[2], s, z[3], s)
                        .reshape(z[0], z[1], z[2] * s, z[3] * s).div(Tensors.scalar(s * s));
            }
        };
    }

    /** The mean over all {@code n} frames: [n, C, H, W] → [1, C, H, W]. */
    static LinearOperator frameMean(int n) {
        return new LinearOperator() {
            @Override
            public Tensor apply(Tensor x) {
                return x.mean(new long[] {0}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
            }

            @Override
            public Tensor adjoint(Tensor y) {
                return y.div(Tensors.scalar(n)).expand(n, -1, -1, -1).contiguous();
            }

            @Override
            public long[] outputShape(long[] in) {
                return new long[] {1, in[1], in[2], in[3]};
            }

            @Override
            public String spec() {
                return "frame-mean";
            }
        };
    }

    /** ε̂ as a function of x_t and the integer timestep. */
    @FunctionalInterface
    interface Eps {
        Tensor apply(Tensor x, int t);
    }

    /** A prior computing ε̂ = f(x, t) with all frames treated alike, on the linear T = 1000 schedule. */
    static Prior model(int channels, Eps eps) {
        return new Prior() {
            @Override
            public Tensor epsilon(Tensor x, int t) {
                return eps.apply(x, t);
            }

            @Override
            public NoiseSchedule schedule() {
                return NoiseSchedule.linear(1000);
            }

            @Override
            public int channels() {
                return channels;
            }

            @Override
            public int sizeMultiple() {
                return 1;
            }

            @Override
            public int trainingSize() {
                return 64;
            }

            @Override
            public long parameterCount() {
                return 0;
            }

            @Override
            public long weightBytes() {
                return 0;
            }

            @Override
            public long activationBytesPerFrame(int height, int width) {
                return 0;
            }

            @Override
            public java.util.Map<String, Object> provenance() {
                return java.util.Map.of("name", "test");
            }
        };
    }

    /** The true ε for clean clip {@code x0} (model domain): Tweedie then returns x0 exactly (up to rounding). */
    static Prior oracle(Tensor x0, NoiseSchedule schedule) {
        return model((int) Tensors.shape(x0)[1], (x, t) -> {
            double ab = schedule.alphaBar(t);
            return x.sub(x0, Tensors.scalar(Math.sqrt(ab))).div(Tensors.scalar(Math.sqrt(1 - ab)));
        });
    }

    /** A smooth synthetic clip [n, 3, h, w] in [0.1, 0.9]: moving sinusoids. */
    static float[] smoothClip(int n, int h, int w) {
        float[] v = new float[n * 3 * h * w];
        int i = 0;
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double a = Math.sin(2 * Math.PI * (x + 0.7 * f) / w + c) * Math.cos(2 * Math.PI * (y - 0.4 * f) / h);
                        v[i++] = (float) (0.5 + 0.4 * a);
                    }
                }
            }
        }
        return v;
    }

    static double psnr(Tensor a, Tensor b) {
        double mse = Tensors.dot(a.sub(b), a.sub(b)) / a.numel();
        return 10 * Math.log10(1.0 / mse);
    }
}

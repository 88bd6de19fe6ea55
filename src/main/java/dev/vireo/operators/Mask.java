package dev.vireo.operators;

import dev.vireo.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * Inpainting mask: y = m ⊙ x with m ∈ {0, 1} (1 = observed), the same mask for every channel, either
 * one mask for all frames or one per frame. Self-adjoint.
 */
public final class Mask extends SpecOperator {
    /** Where the mask comes from; a pattern may be shared by all frames or given per frame. */
    public interface Pattern {
        /** Throws {@link InvalidInputException} when a clip of this size cannot take the mask. */
        void check(int frames, int height, int width);

        /** 1 = observed, 0 = missing; H·W values (one mask for all frames) or N·H·W (one per frame). */
        float[] observed(int frames, int height, int width);
    }

    private final String description;
    private final Pattern pattern;
    private final Params params = new Params();

    public Mask(String description, Pattern pattern) {
        this.description = description;
        this.pattern = pattern;
    }

    /**
     * Exactly ⌊ratio·H·W⌋ observed pixels: a Fisher–Yates shuffle of 0..H·W−1 driven by
     * {@code new SplittableRandom(seed)} (for i = H·W−1 down to 1 swap i with nextInt(i+1)), the first
     * ⌊ratio·H·W⌋ positions observed. Per frame: frame n uses the (n+1)-th shuffle of the same stream.
     */
    public static Mask random(double ratio, long seed, boolean perFrame) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new InvalidInputException("mask ratio (observed fraction) must be in (0, 1], got " + ratio
                    + (ratio == 0 ? " (a mask that observes nothing erases the clip)" : ""));
        }
        String d = "random:" + num(ratio) + (seed == 0 ? "" : ":seed=" + seed) + (perFrame ? ":per=frame" : "");
        return new Mask(d, new Pattern() {
            @Override
            public void check(int frames, int height, int width) {}

            @Override
            public float[] observed(int frames, int height, int width) {
                int hw = height * width;
                int planes = perFrame ? frames : 1;
                int keep = (int) Math.floor(ratio * hw);
                float[] m = new float[planes * hw];
                SplittableRandom rng = new SplittableRandom(seed);
                int[] perm = new int[hw];
                for (int p = 0; p < planes; p++) {
                    for (int i = 0; i < hw; i++) {
                        perm[i] = i;
                    }
                    for (int i = hw - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = perm[i];
                        perm[i] = perm[j];
                        perm[j] = t;
                    }
                    for (int i = 0; i < keep; i++) {
                        m[p * hw + perm[i]] = 1f;
                    }
                }
                return m;
            }
        });
    }

    /** A missing rectangle (rows top..top+height−1, columns left..left+width−1); everything else observed. */
    public static Mask box(int top, int left, int height, int width) {
        if (top < 0 || left < 0 || height < 1 || width < 1) {
            throw new InvalidInputException("mask box needs top, left ≥ 0 and height, width ≥ 1, got "
                    + top + ":" + left + ":" + height + ":" + width);
        }
        return new Mask("box:" + top + ":" + left + ":" + height + ":" + width, new Pattern() {
            @Override
            public void check(int frames, int h, int w) {
                if (top + height > h || left + width > w) {
                    throw new InvalidInputException("mask box rows " + top + ".." + (top + height - 1) + ", columns "
                            + left + ".." + (left + width - 1) + " does not fit a " + h + "x" + w + " frame");
                }
            }

            @Override
            public float[] observed(int frames, int h, int w) {
                float[] m = new float[h * w];
                Arrays.fill(m, 1f);
                for (int i = top; i < top + height; i++) {
                    Arrays.fill(m, i * w + left, i * w + left + width, 0f);
                }
                return m;
            }
        });
    }

    /**
     * A fixed mask of {@code planes} (1 = all frames share it, else one per frame) × height × width;
     * values above 0.5 are observed.
     */
    public static Mask fixed(String description, float[] data, int planes, int height, int width) {
        if ((long) planes * height * width != data.length) {
            throw new IllegalArgumentException("mask data length does not match its shape");
        }
        float[] bin = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            bin[i] = data[i] > 0.5f ? 1f : 0f;
        }
        return new Mask(description, new Pattern() {
            @Override
            public void check(int frames, int h, int w) {
                if (h != height || w != width) {
                    throw new InvalidInputException("mask is " + height + "x" + width + " but the frames are " + h + "x" + w);
                }
                if (planes != 1 && planes != frames) {
                    throw new InvalidInputException("mask has " + planes + " frames but the clip has " + frames);
                }
            }

            @Override
            public float[] observed(int frames, int h, int w) {
                return bin.clone();
            }
        });
    }

    /** The 0/1 pattern this mask applies to a clip of {@code clipShape}: H·W or N·H·W values. */
    public float[] observed(long[] clipShape) {
        long[] s = clipShape(clipShape);
        outputShape(s);
        return pattern.observed((int) s[0], (int) s[2], (int) s[3]);
    }

    @Override
    public Tensor apply(Tensor x) {
        return x.mul(mask(check(x), x));
    }

    @Override
    public Tensor adjoint(Tensor y) {
        return apply(y);
    }

    /** MᵀM = M for a 0/1 mask: one product instead of two. */
    @Override
    public Tensor normal(Tensor x) {
        return apply(x);
    }

    private Tensor mask(long[] s, Tensor like) {
        return params.get("m" + Arrays.toString(s), like, () -> {
            float[] m = observed(s);
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                d[i] = m[i];
            }
            return Params.cpuDoubles(d, m.length / (s[2] * s[3]), 1, s[2], s[3]);
        });
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = clipShape(inputShape);
        if (s[2] * s[3] > Integer.MAX_VALUE / Math.max(1, s[0])) {
            throw new InvalidInputException("clip too large for a mask: " + Arrays.toString(s));
        }
        pattern.check((int) s[0], (int) s[2], (int) s[3]);
        return s;
    }

    @Override
    public String spec() {
        return "mask:" + description;
    }
}

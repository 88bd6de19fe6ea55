package dev.vireo.metrics;

import dev.vireo.tensor.Tensors;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * Whether tile borders show: the mean absolute difference between neighbouring pixels across the given
 * border lines (columns for horizontal neighbours, rows for vertical ones) divided by the same mean over
 * all other neighbour pairs. About 1 when the borders are invisible, above 1 for a seam.
 *
 * <p>A border at position {@code p} on an axis lies between pixels {@code p − 1} and {@code p}. A tiled
 * prior whose grid moves from step to step has no single set of borders; the caller chooses the grid to
 * score against (Vireo's benchmarks use the grid of the last denoising step, which shapes the finest
 * detail, and report the mean over the grids of all steps beside it). A clip of one frame size is
 * scored over all frames and channels.
 */
public final class TileBorderScore {
    private TileBorderScore() {}

    /**
     * @param clip    [N, C, H, W]
     * @param rows    border positions along H, each in 1..H−1 (duplicates and others ignored)
     * @param columns border positions along W, each in 1..W−1
     * @return border mean / elsewhere mean; NaN if there are no borders or no other pairs
     */
    public static double score(Tensor clip, int[] rows, int[] columns) {
        long[] s = Tensors.shape(clip);
        int h = (int) s[2];
        int w = (int) s[3];
        Tensor c = clip.to(org.bytedeco.pytorch.global.torch.ScalarType.Double);
        // Per gap (between index g and g+1), the summed |difference| over everything else.
        double[] gx = gapSums(c.narrow(3, 1, w - 1).sub(c.narrow(3, 0, w - 1)).abs().sum(new long[] {0, 1, 2}));
        double[] gy = gapSums(c.narrow(2, 1, h - 1).sub(c.narrow(2, 0, h - 1)).abs().sum(new long[] {0, 1, 3}));
        boolean[] bx = marks(columns, w);
        boolean[] by = marks(rows, h);
        double border = 0;
        double other = 0;
        long nBorder = 0;
        long nOther = 0;
        long perColumnGap = s[0] * s[1] * h;
        long perRowGap = s[0] * s[1] * w;
        for (int g = 0; g < gx.length; g++) {
            if (bx[g]) {
                border += gx[g];
                nBorder += perColumnGap;
            } else {
                other += gx[g];
                nOther += perColumnGap;
            }
        }
        for (int g = 0; g < gy.length; g++) {
            if (by[g]) {
                border += gy[g];
                nBorder += perRowGap;
            } else {
                other += gy[g];
                nOther += perRowGap;
            }
        }
        if (nBorder == 0 || nOther == 0) {
            return Double.NaN;
        }
        return (border / nBorder) / (other / nOther);
    }

    private static double[] gapSums(Tensor perGap) {
        float[] f = Tensors.toFloats(perGap);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** marks[g] for the gap between g and g+1, i.e. border position g+1. */
    private static boolean[] marks(int[] positions, int length) {
        boolean[] m = new boolean[Math.max(0, length - 1)];
        Arrays.stream(positions).filter(p -> p >= 1 && p <= length - 1).forEach(p -> m[p - 1] = true);
        return m;
    }
}

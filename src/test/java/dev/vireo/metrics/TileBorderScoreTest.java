package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class TileBorderScoreTest {
    private static final int[] GRID = {20, 44, 68};

    /** A smooth 4-frame clip, plus (if seam > 0) a step of that height between the grid's tiles. */
    private static Tensor clip(double seam) {
        int n = 4;
        int h = 80;
        int w = 96;
        float[] v = new float[n * 3 * h * w];
        for (int i = 0; i < v.length; i++) {
            int x = i % w;
            int y = (i / w) % h;
            int c = (i / (w * h)) % 3;
            int f = i / (3 * w * h);
            int tile = tileOf(x) + 3 * tileOf(y);
            v[i] = (float) (0.5 + 0.3 * Math.sin(x / 7.0 + c + f) * Math.cos(y / 9.0 - f) + seam * ((tile * 37) % 5 - 2) / 2.0);
        }
        return Tensors.fromFloats(v, n, 3, h, w);
    }

    private static int tileOf(int p) {
        int k = 0;
        for (int g : GRID) {
            if (p >= g) {
                k++;
            }
        }
        return k;
    }

    @Test
    void aSeamAtTheGridScoresFarAboveOneAndASmoothClipAboutOne() {
        double smooth = TileBorderScore.score(clip(0), GRID, GRID);
        double seamed = TileBorderScore.score(clip(0.1), GRID, GRID);
        assertTrue(Math.abs(smooth - 1) < 0.1, "smooth clip scores " + smooth);
        System.out.printf("smooth %.4f, seamed %.3f%n", smooth, seamed);
        assertTrue(seamed > 3, "seamed clip scores " + seamed);
        // Scored against another grid, the seams of the first count as "elsewhere".
        double offGrid = TileBorderScore.score(clip(0.1), new int[] {10, 34, 58}, new int[] {10, 34, 58});
        assertTrue(offGrid < 1, "off-grid score " + offGrid);
    }

    @Test
    void aConstantStepAtOneColumnGivesItsExactRatio() {
        // Zero everywhere but 1 right of column 10: the only non-zero gap is the border's.
        float[] v = new float[2 * 8 * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 16 >= 10 ? 1f : 0f;
        }
        Tensor c = Tensors.fromFloats(v, 1, 2, 8, 16);
        assertEquals(Double.POSITIVE_INFINITY, TileBorderScore.score(c, new int[0], new int[] {10}));
        assertEquals(0.0, TileBorderScore.score(c, new int[0], new int[] {5}));
        assertTrue(Double.isNaN(TileBorderScore.score(c, new int[0], new int[0])));
    }
}

package dev.vireo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class TiledPriorTest {
    /** A prior whose ε̂ is a given function of x; records the shape of every call. */
    static final class FakePrior implements Prior {
        final UnaryOperator<Tensor> f;
        final List<long[]> calls = new ArrayList<>();

        FakePrior(UnaryOperator<Tensor> f) {
            this.f = f;
        }

        @Override
        public Tensor epsilon(Tensor x, int t) {
            calls.add(Tensors.shape(x));
            return f.apply(x);
        }

        @Override
        public NoiseSchedule schedule() {
            return NoiseSchedule.linear(1000);
        }

        @Override
        public int channels() {
            return 3;
        }

        @Override
        public int sizeMultiple() {
            return 8;
        }

        @Override
        public int trainingSize() {
            return 32;
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
            return 1000L * height * width;
        }

        @Override
        public Map<String, Object> provenance() {
            return Map.of("name", "fake");
        }
    }

    private static Tensor randn(long... shape) {
        torch.manual_seed(7);
        return torch.randn(shape).to(dev.vireo.tensor.Torch.device(), torch.ScalarType.Float);
    }

    @Test
    void weightsSumToOneAtEveryPixelWhateverTheShift() {
        FakePrior ones = new FakePrior(torch::ones_like);
        Tensor x = randn(3, 3, 100, 72);
        for (long seed = 0; seed < 4; seed++) {
            TiledPrior tiled = new TiledPrior(ones, 32, 8, 5, seed);
            for (int t : new int[] {0, 17, 400, 999}) {
                Tensor out = tiled.epsilon(x, t);
                assertArrayEquals(new long[] {3, 3, 100, 72}, Tensors.shape(out));
                assertTrue(torch.equal(out, torch.ones_like(x)),
                        "seed " + seed + " t " + t + " offsets " + java.util.Arrays.toString(tiled.offsets(t))
                                + ": max |out - 1| = " + Tensors.maxAbsDiff(out, torch.ones_like(x)));
            }
        }
    }

    @Test
    void aPixelwisePriorIsTileInvariantAndCallsStayWithinTheTileBatch() {
        FakePrior half = new FakePrior(x -> x.mul(Tensors.scalar(0.5)));
        Tensor x = randn(4, 3, 100, 72);
        Tensor untiled = half.epsilon(x, 0);
        half.calls.clear();
        TiledPrior tiled = new TiledPrior(half, 32, 8, 5, 3);
        for (int t : new int[] {1, 250, 999}) {
            Tensor out = tiled.epsilon(x, t);
            assertTrue(Tensors.maxAbsDiff(out, untiled) < 1e-6, "max diff " + Tensors.maxAbsDiff(out, untiled));
        }
        long tileFrames = 0;
        for (long[] s : half.calls) {
            assertTrue(s[0] <= 5, "a call of " + s[0] + " tile-frames exceeds the tile batch");
            assertEquals(32, s[2]);
            assertEquals(32, s[3]);
            tileFrames += s[0];
        }
        assertEquals(tileFramesOf(tiled, 1, 4) + tileFramesOf(tiled, 250, 4) + tileFramesOf(tiled, 999, 4), tileFrames);
    }

    private static long tileFramesOf(TiledPrior p, int t, int frames) {
        int[] o = p.offsets(t);
        return (long) p.axis(100, o[0]).starts().length * p.axis(72, o[1]).starts().length * frames;
    }

    @Test
    void tilesStayInsideTheFrameCoverItAndOverlapByAtLeastTheOverlap() {
        for (int overlap : new int[] {0, 8, 16}) {
            TiledPrior p = new TiledPrior(new FakePrior(x -> x), 32, overlap, 16, 0);
            for (int length : new int[] {40, 64, 100, 257 / 8 * 8}) {
                for (int offset = 0; offset < 32 - overlap; offset++) {
                    int[] s = p.axis(length, offset).starts();
                    assertEquals(0, s[0], "the first tile starts at the frame edge");
                    assertEquals(length - 32, s[s.length - 1], "the last tile ends at the frame edge");
                    for (int i = 1; i < s.length; i++) {
                        assertTrue(s[i] > s[i - 1] && s[i - 1] + 32 - s[i] >= overlap,
                                "length " + length + " offset " + offset + ": tiles at " + s[i - 1] + " and " + s[i]);
                    }
                    if (offset > 0 && s.length > 2) {
                        assertEquals((32 - overlap) - offset, s[1], "interior tiles follow the shifted grid");
                    }
                }
            }
        }
    }

    @Test
    void anAxisNoLongerThanATileIsTakenWhole() {
        FakePrior half = new FakePrior(x -> x.mul(Tensors.scalar(0.5)));
        Tensor x = randn(2, 3, 24, 96);
        Tensor out = new TiledPrior(half, 32, 8, 16, 1).epsilon(x, 5);
        assertTrue(Tensors.maxAbsDiff(out, x.mul(Tensors.scalar(0.5))) < 1e-6);
        for (long[] s : half.calls) {
            assertEquals(24, s[2]);
            assertEquals(32, s[3]);
        }
    }

    @Test
    void aFrameNoLargerThanOneTileIsBitForBitTheUntiledResult() {
        Prior tiny = Models.prior("vireo-tiny", null);
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x = randn(2, 3, 64, 48);
            Tensor untiled = tiny.epsilon(x, 500);
            Tensor tiled = TiledPrior.withDefaults(tiny, 11).epsilon(x, 500);
            assertTrue(torch.equal(untiled, tiled));
        }
    }

    @Test
    void offsetsArePureFunctionsOfSeedAndTimestepAndMove() {
        TiledPrior a = new TiledPrior(new FakePrior(x -> x), 32, 8, 16, 42);
        TiledPrior b = new TiledPrior(new FakePrior(x -> x), 32, 8, 16, 42);
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < 1000; t += 20) {
            assertArrayEquals(a.offsets(t), b.offsets(t));
            for (int o : a.offsets(t)) {
                assertTrue(o >= 0 && o < 24, "offset " + o);
            }
            seen.add(java.util.Arrays.toString(a.offsets(t)));
        }
        assertTrue(seen.size() > 25, "50 timesteps gave only " + seen.size() + " distinct grids");
        assertFalse(java.util.Arrays.equals(a.offsets(980), a.offsets(960)));
        TiledPrior other = new TiledPrior(new FakePrior(x -> x), 32, 8, 16, 43);
        assertFalse(java.util.Arrays.equals(a.offsets(980), other.offsets(980)) && java.util.Arrays.equals(a.offsets(960), other.offsets(960)));
    }

    @Test
    void tilesThatDisagreeShowAtTheirBordersAndNowhereElse() {
        // Each inner call (one tile, tile batch 1) returns its own constant: the blend ramps between them.
        int[] calls = {0};
        FakePrior steps = new FakePrior(x -> torch.zeros_like(x).add(Tensors.scalar(0.1 * (calls[0]++ % 7))));
        TiledPrior tiled = new TiledPrior(steps, 32, 8, 1, 5);
        Tensor out = tiled.epsilon(randn(1, 3, 100, 72), 300);
        int[][] here = tiled.borders(100, 72, 300);
        double atBorders = dev.vireo.metrics.TileBorderScore.score(out, here[0], here[1]);
        assertTrue(atBorders > 100, "all gradient lies in the blend bands, got " + atBorders);
        int[][] elsewhere = tiled.borders(100, 72, 301);
        assertFalse(java.util.Arrays.equals(here[1], elsewhere[1]) && java.util.Arrays.equals(here[0], elsewhere[0]));
        double other = dev.vireo.metrics.TileBorderScore.score(out, elsewhere[0], elsewhere[1]);
        assertTrue(other < 3, "scored against another step's grid: " + other);
        for (int p : here[1]) {
            assertTrue(p > 0 && p < 72);
        }
    }

    @Test
    void badTilingsAreRefusedByName() {
        FakePrior p = new FakePrior(x -> x);
        assertTrue(assertThrows(InvalidInputException.class, () -> new TiledPrior(p, 30, 8, 16, 0))
                .getMessage().contains("--tile must be a positive multiple of 8"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new TiledPrior(p, 32, 4, 16, 0))
                .getMessage().contains("--tile-overlap must be a multiple of 8"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new TiledPrior(p, 32, 24, 16, 0))
                .getMessage().contains("at most half the tile"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new TiledPrior(p, 32, 8, 0, 0))
                .getMessage().contains("tile batch must be at least 1"));
    }

    @Test
    void memoryIsBoundedByTheTileBatchAndProvenanceNamesTheTiling() {
        TiledPrior p = new TiledPrior(new FakePrior(x -> x), 32, 8, 16, 0);
        long perTileBatch = 1000L * 32 * 32 * 16;
        long small = p.activationBytes(16, 96, 96);
        long large = p.activationBytes(16, 960, 960);
        assertTrue(small >= perTileBatch && large >= perTileBatch);
        // Beyond the tile batch, only the frame-sized buffers (3 channels × 4 bytes, three planes) grow.
        long buffers = 16L * 3 * 4 * 3 * 960 * 960;
        assertTrue(large < perTileBatch * 1.1 + buffers * 1.2, large + " bytes");
        Map<String, Object> prov = p.provenance();
        assertEquals("fake", prov.get("name"));
        assertEquals(Map.of("tile", 32, "overlap", 8, "tile_batch", 16, "grid_seed", 0L), prov.get("tiling"));
    }

    @Test
    void vireoTinyTiledStaysNearItsWholeFrameOutput() {
        Prior tiny = Models.prior("vireo-tiny", null);
        try (NoGradGuard g = new NoGradGuard()) {
            // A smooth clean image noised to t, the way a solver sees it.
            float[] v = new float[2 * 3 * 128 * 128];
            for (int i = 0; i < v.length; i++) {
                int xx = i % 128;
                int yy = (i / 128) % 128;
                int c = (i / (128 * 128)) % 3;
                int f = i / (3 * 128 * 128);
                v[i] = (float) (0.6 * Math.sin(xx / 11.0 + c + f) * Math.cos(yy / 17.0 - c));
            }
            Tensor clean = Tensors.fromFloats(v, 2, 3, 128, 128);
            int t = 500;
            double ab = tiny.schedule().alphaBar(t);
            torch.manual_seed(4);
            Tensor noise = torch.randn(new long[] {2, 3, 128, 128}).to(dev.vireo.tensor.Torch.device(), torch.ScalarType.Float);
            Tensor xt = clean.mul(Tensors.scalar(Math.sqrt(ab))).add(noise, Tensors.scalar(Math.sqrt(1 - ab)));
            Tensor whole = tiny.epsilon(xt, t);
            Tensor tiled = new TiledPrior(tiny, 64, 16, 16, 9).epsilon(xt, t);
            double rel = Math.sqrt(Tensors.dot(tiled.sub(whole), tiled.sub(whole)) / Tensors.dot(whole, whole));
            double relToNoise = Math.sqrt(Tensors.dot(tiled.sub(noise), tiled.sub(noise)) / Tensors.dot(noise, noise));
            System.out.printf(java.util.Locale.ROOT, "vireo-tiny 128² t=%d: |tiled - whole| / |whole| = %.4f; "
                    + "|tiled - true noise| / |noise| = %.4f%n", t, rel, relToNoise);
            assertTrue(rel < 0.5, "relative L2 difference " + rel);
        }
    }
}

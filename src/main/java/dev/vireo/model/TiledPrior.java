package dev.vireo.model;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A prior run on overlapping square tiles of each frame, so that a frame larger than the prior's training
 * size is seen at the scale the prior knows and memory does not grow with the frame: tiles × frames go
 * through the inner prior in micro-batches of {@code tileBatch} tile-frames.
 *
 * <p>Along each axis longer than a tile, tiles of {@code tile} pixels are laid with stride
 * {@code tile − overlap} from {@code −offset}, each clamped inside the frame ({@link #axis}). The offset is
 * drawn per axis from (seed, t), the same for all frames, so tile borders move from step to step. Each tile's ε̂ is weighted
 * by a separable profile that is 1 inside and rises as sin² over the {@code overlap} pixels at both ends
 * (two overlapping ramps sum to one), and the sum is divided by the accumulated weight, so the weights
 * sum to one at every pixel whatever the grid (frame edges included: the profile is never zero). An axis
 * no longer than a tile is taken whole; a frame no larger than one tile goes to the inner prior as is.
 */
public final class TiledPrior extends ForwardingPrior {
    /** Tile-frames per inner call unless told: 16 tiles of 64² hold little more than one 256² frame. */
    public static final int DEFAULT_TILE_BATCH = 16;

    private final int tile;
    private final int overlap;
    private final int tileBatch;
    private final long seed;

    public TiledPrior(Prior inner, int tile, int overlap, int tileBatch, long seed) {
        super(inner);
        int m = inner.sizeMultiple();
        if (tile < m || tile % m != 0) {
            throw new InvalidInputException("--tile must be a positive multiple of " + m + " (the prior's size multiple), got " + tile);
        }
        if (overlap < 0 || overlap % m != 0 || 2 * overlap > tile) {
            throw new InvalidInputException("--tile-overlap must be a multiple of " + m + " in 0.." + tile / 2
                    + " (at most half the tile " + tile + "), got " + overlap);
        }
        if (tileBatch < 1) {
            throw new InvalidInputException("tile batch must be at least 1, got " + tileBatch);
        }
        this.tile = tile;
        this.overlap = overlap;
        this.tileBatch = tileBatch;
        this.seed = seed;
    }

    /** Tiles of the prior's training size overlapping by a quarter tile (rounded down to the size multiple). */
    public static TiledPrior withDefaults(Prior inner, long seed) {
        int tile = inner.trainingSize();
        int m = inner.sizeMultiple();
        return new TiledPrior(inner, tile, tile / 4 / m * m, DEFAULT_TILE_BATCH, seed);
    }


    public int tile() {
        return tile;
    }

    public int overlap() {
        return overlap;
    }

    public int tileBatch() {
        return tileBatch;
    }

    private int stride() {
        return tile - overlap;
    }

    /** The grid's offsets {y, x} at timestep t, each in [0, stride): a pure function of (seed, t). */
    public int[] offsets(int t) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t);
        return new int[] {r.nextInt(stride()), r.nextInt(stride())};
    }

    /** One axis of the grid: the axis length, the tile's extent along it and where the tiles start. */
    record Axis(int length, int size, int[] starts) {}

    /**
     * Tiles along an axis longer than a tile start every stride pixels from {@code −offset}, each start
     * clamped into [0, length − tile], so every tile lies inside the frame and sees real content (no padded
     * or mirrored pixels, whose mirrored noise a denoiser takes for signal); the clamped first and last
     * tiles overlap their neighbours by more than {@code overlap}, never by less.
     */
    Axis axis(int length, int offset) {
        if (length <= tile) {
            return new Axis(length, length, new int[] {0});
        }
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; ; i++) {
            int s = Math.max(0, Math.min(length - tile, i * stride() - offset));
            if (starts.isEmpty() || starts.get(starts.size() - 1) != s) {
                starts.add(s);
            }
            if (s == length - tile) {
                return new Axis(length, tile, starts.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }

    /** The blending profile of one tile along an axis: sin² ramps over the overlap at both ends, 1 between. */
    float[] profile(int size) {
        float[] p = new float[size];
        java.util.Arrays.fill(p, 1f);
        if (size < tile) {
            return p; // an axis taken whole has one tile and no neighbour to blend with
        }
        for (int i = 0; i < overlap; i++) {
            double v = Math.sin(Math.PI * (i + 0.5) / (2.0 * overlap));
            p[i] = (float) (v * v);
            p[size - 1 - i] = (float) (v * v);
        }
        return p;
    }

    /** The grid {y, x} used at timestep t for frames of height×width. */
    Axis[] grid(int height, int width, int t) {
        int[] o = offsets(t);
        return new Axis[] {axis(height, o[0]), axis(width, o[1])};
    }

    /**
     * Where the tiles of the grid at timestep t meet, in frame coordinates {rows, columns}: every position
     * p (the gap between pixels p − 1 and p) inside the band where two neighbouring tiles blend, edges
     * included. Any disagreement between tiles shows as gradient there (a single line when overlap is 0).
     * For {@code TileBorderScore}.
     */
    public int[][] borders(int height, int width, int t) {
        Axis[] g = grid(height, width, t);
        return new int[][] {borders(g[0]), borders(g[1])};
    }

    private static int[] borders(Axis a) {
        java.util.TreeSet<Integer> b = new java.util.TreeSet<>();
        for (int i = 0; i + 1 < a.starts.length; i++) {
            for (int p = a.starts[i + 1]; p <= a.starts[i] + a.size; p++) {
                if (p > 0 && p < a.length) {
                    b.add(p);
                }
            }
        }
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Tensor epsilon(Tensor x, int t) {
        long[] shape = Tensors.shape(x);
        int n = (int) shape[0];
        int h = (int) shape[2];
        int w = (int) shape[3];
        if (h <= tile && w <= tile) {
            return inner.epsilon(x, t);
        }
        Axis[] g = grid(h, w, t);
        Axis ay = g[0];
        Axis ax = g[1];
        try (PointerScope scope = new PointerScope()) {
            Tensor acc = torch.zeros_like(x);
            Tensor weight = torch.zeros_like(x.narrow(0, 0, 1).narrow(1, 0, 1));
            float[] py = profile(ay.size);
            float[] px = profile(ax.size);
            float[] pw = new float[py.length * px.length];
            for (int i = 0; i < py.length; i++) {
                for (int j = 0; j < px.length; j++) {
                    pw[i * px.length + j] = py[i] * px[j];
                }
            }
            Tensor tileWeight = Tensors.fromFloats(pw, 1, 1, py.length, px.length).to(x.scalar_type());
            List<int[]> tiles = new ArrayList<>();
            for (int sy : ay.starts) {
                for (int sx : ax.starts) {
                    tiles.add(new int[] {sy, sx});
                    weight.narrow(2, sy, ay.size).narrow(3, sx, ax.size).add_(tileWeight);
                }
            }
            // Pieces (tile, first frame, frames) filled up to tileBatch tile-frames per inner call.
            List<int[]> batch = new ArrayList<>();
            int held = 0;
            for (int k = 0; k < tiles.size(); k++) {
                for (int f = 0; f < n; ) {
                    int take = Math.min(n - f, tileBatch - held);
                    batch.add(new int[] {k, f, take});
                    held += take;
                    f += take;
                    if (held == tileBatch) {
                        run(batch, tiles, x, acc, tileWeight, ay.size, ax.size, t);
                        batch.clear();
                        held = 0;
                    }
                }
            }
            if (!batch.isEmpty()) {
                run(batch, tiles, x, acc, tileWeight, ay.size, ax.size, t);
            }
            Tensor out = acc.div_(weight);
            out.retainReference();
            return out;
        }
    }

    /** One inner call on the pieces, each result weighted and added into the accumulator at its tile. */
    private void run(List<int[]> pieces, List<int[]> tiles, Tensor x, Tensor acc, Tensor tileWeight,
            int th, int tw, int t) {
        try (PointerScope scope = new PointerScope()) {
            TensorVector in = new TensorVector();
            for (int[] p : pieces) {
                int[] at = tiles.get(p[0]);
                in.push_back(x.narrow(0, p[1], p[2]).narrow(2, at[0], th).narrow(3, at[1], tw));
            }
            Tensor eps = inner.epsilon(pieces.size() == 1 ? in.get(0).contiguous() : torch.cat(in, 0), t);
            int row = 0;
            for (int[] p : pieces) {
                int[] at = tiles.get(p[0]);
                acc.narrow(0, p[1], p[2]).narrow(2, at[0], th).narrow(3, at[1], tw)
                        .add_(eps.narrow(0, row, p[2]).mul(tileWeight));
                row += p[2];
            }
        }
    }

    /** Tiles per frame of height×width in the largest grid any offset gives. */
    public int tilesPerFrame(int height, int width) {
        Axis[] g = worstGrid(height, width);
        return g[0].starts.length * g[1].starts.length;
    }

    /** The largest grid any offset gives. */
    private Axis[] worstGrid(int height, int width) {
        return new Axis[] {worstAxis(height), worstAxis(width)};
    }

    private Axis worstAxis(int length) {
        Axis worst = axis(length, 0);
        for (int o = 1; o < stride(); o++) {
            Axis a = axis(length, o);
            if (a.starts.length > worst.starts.length) {
                worst = a;
            }
        }
        return worst;
    }

    /**
     * Working memory of one {@link #epsilon} call on {@code frames} frames: the inner prior's memory for one
     * micro-batch of tiles (min(tileBatch, tile-frames) tiles) with its input, output and weighted copies, plus,
     * per frame, the accumulator (normalised in place into the output).
     */
    public long activationBytes(int frames, int height, int width) {
        if (height <= tile && width <= tile) {
            return inner.activationBytesPerFrame(height, width) * frames;
        }
        Axis[] g = worstGrid(height, width);
        long tileFrames = (long) g[0].starts.length * g[1].starts.length * frames;
        long batch = Math.min(tileBatch, tileFrames);
        long tiles = inner.activationBytesPerFrame(g[0].size, g[1].size) * batch;
        long plane = (long) inner.channels() * 4;
        long batchIo = plane * 3L * g[0].size * g[1].size * batch;
        return tiles + batchIo + plane * height * width * frames;
    }

    /** The per-frame share of {@link #activationBytes} for a call of {@code tileBatch} frames (the default window). */
    @Override
    public long activationBytesPerFrame(int height, int width) {
        return (activationBytes(tileBatch, height, width) + tileBatch - 1) / tileBatch;
    }







    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> m = new LinkedHashMap<>(inner.provenance());
        Map<String, Object> tiling = new LinkedHashMap<>();
        tiling.put("tile", tile);
        tiling.put("overlap", overlap);
        tiling.put("tile_batch", tileBatch);
        tiling.put("grid_seed", seed);
        m.put("tiling", tiling);
        return m;
    }
}

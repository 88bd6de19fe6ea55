package dev.vireo.model;

import dev.vireo.InvalidInputException;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Torch;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * guided-diffusion's {@code UNetModel} (ADM) on native libtorch ops, weights keyed by the PyTorch
 * state-dict names. Follows {@code guided_diffusion/unet.py}: cos-then-sin timestep embedding, scale/shift
 * norm with the first half = scale, skip concatenation {@code [h, skip]}, GroupNorm(32, eps 1e-5) in
 * float32, resblock up/down sampling or (conv) Downsample/Upsample, legacy or new QKV attention layout.
 *
 * <p>Precision: float32 by default; {@link Precision#BFLOAT16} runs convolutions, linears and attention
 * matmuls in bf16 (bf16 weight copies are made once), with GroupNorm and softmax in float32.
 */
public final class AdmUNet implements DiffusionModel {
    /** Supplies a parameter by state-dict name and expected shape (null in a dry build). */
    @FunctionalInterface
    public interface WeightSource extends BiFunction<String, long[], Tensor> {}

    private static final double GN_EPS = 1e-5;
    private static final int GN_GROUPS = 32;

    private final AdmConfig cfg;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final List<Block> inputBlocks = new ArrayList<>();
    private final List<Layer> middleBlock;
    private final List<Block> outputBlocks = new ArrayList<>();
    private final Linear timeEmbed0;
    private final Linear timeEmbed2;
    private final Param labelEmb;
    private final GroupNorm outNorm;
    private final Conv outConv;
    private ScalarType act = ScalarType.Float;
    private Precision precision = Precision.FLOAT32;
    private ModelSource source = ModelSource.NONE;

    /** Where the weights came from, for run records ({@code checkpoint} null for uninitialised weights). */
    public record ModelSource(String name, Path checkpoint) {
        static final ModelSource NONE = new ModelSource("(uninitialised)", null);
    }

    private String sha256;

    private interface Layer {
        Tensor forward(Tensor h, Tensor emb);
    }

    private record Block(List<Layer> layers) {
        Tensor forward(Tensor h, Tensor emb) {
            for (Layer l : layers) {
                h = l.forward(h, emb);
            }
            return h;
        }
    }

    /** A weight with an optional bf16 copy for the matmul-type ops. */
    private static final class Param {
        final long[] shape;
        final boolean matmul;
        Tensor f32;
        Tensor low;

        Param(long[] shape, boolean matmul, Tensor f32) {
            this.shape = shape;
            this.matmul = matmul;
            this.f32 = f32;
        }

        Tensor at(ScalarType t) {
            return t == ScalarType.Float || !matmul ? f32 : low;
        }
    }

    /**
     * Builds the network for {@code cfg}, taking every parameter from {@code weights} in construction
     * order. Callers normally use {@link Models#load}; shapes are validated there before any data is read.
     */
    public AdmUNet(AdmConfig cfg, WeightSource weights) {
        this.cfg = cfg;
        // Torch.device() caches a Device; creating it inside our PointerScope would free the cached one.
        Torch.device();
        try (PointerScope scope = new PointerScope()) {
            Ctx c = new Ctx(weights);
            int ted = cfg.modelChannels() * 4;
            timeEmbed0 = new Linear(c, "time_embed.0", cfg.modelChannels(), ted);
            timeEmbed2 = new Linear(c, "time_embed.2", ted, ted);
            labelEmb = cfg.numClasses() > 0 ? c.param("label_emb.weight", false, cfg.numClasses(), ted) : null;

            int ch = cfg.channels(0);
            int inputCh = ch;
            inputBlocks.add(new Block(List.of(conv2dLayer(new Conv(c, "input_blocks.0.0", cfg.inChannels(), ch, 3, 1, 1)))));
            List<Integer> blockChans = new ArrayList<>(List.of(ch));
            int ds = 1;
            for (int level = 0; level < cfg.levels(); level++) {
                for (int r = 0; r < cfg.numResBlocks(); r++) {
                    String p = "input_blocks." + inputBlocks.size();
                    List<Layer> layers = new ArrayList<>();
                    layers.add(new ResBlock(c, p + ".0", ch, cfg.channels(level), 0));
                    ch = cfg.channels(level);
                    if (cfg.attentionDs().contains(ds)) {
                        layers.add(new Attention(c, p + ".1", ch, cfg.heads(ch, false)));
                    }
                    inputBlocks.add(new Block(layers));
                    blockChans.add(ch);
                }
                if (level != cfg.levels() - 1) {
                    String p = "input_blocks." + inputBlocks.size() + ".0";
                    Layer down = cfg.resblockUpdown() ? new ResBlock(c, p, ch, ch, -1) : downsample(c, p, ch);
                    inputBlocks.add(new Block(List.of(down)));
                    blockChans.add(ch);
                    ds *= 2;
                }
            }
            middleBlock = List.of(new ResBlock(c, "middle_block.0", ch, ch, 0),
                    new Attention(c, "middle_block.1", ch, cfg.heads(ch, false)),
                    new ResBlock(c, "middle_block.2", ch, ch, 0));
            for (int level = cfg.levels() - 1; level >= 0; level--) {
                for (int i = 0; i <= cfg.numResBlocks(); i++) {
                    String p = "output_blocks." + outputBlocks.size();
                    int ich = blockChans.remove(blockChans.size() - 1);
                    List<Layer> layers = new ArrayList<>();
                    layers.add(new ResBlock(c, p + ".0", ch + ich, cfg.channels(level), 0));
                    ch = cfg.channels(level);
                    if (cfg.attentionDs().contains(ds)) {
                        layers.add(new Attention(c, p + "." + layers.size(), ch, cfg.heads(ch, true)));
                    }
                    if (level > 0 && i == cfg.numResBlocks()) {
                        String q = p + "." + layers.size();
                        layers.add(cfg.resblockUpdown() ? new ResBlock(c, q, ch, ch, 1) : upsample(c, q, ch));
                        ds /= 2;
                    }
                    outputBlocks.add(new Block(layers));
                }
            }
            outNorm = new GroupNorm(c, "out.0", ch);
            outConv = new Conv(c, "out.2", inputCh, cfg.outChannels(), 3, 1, 1);
            // Weights must outlive this scope (and any scope of the caller).
            for (Param p : params.values()) {
                if (p.f32 != null) {
                    p.f32.retainReference();
                }
            }
        }
    }

    /**
     * Names and shapes of all parameters for a config, in guided-diffusion's state-dict order, computed
     * without allocating any weights.
     */
    public static Map<String, long[]> parameterShapes(AdmConfig cfg) {
        return new AdmUNet(cfg, (name, shape) -> null).shapes();
    }

    /** The network with uninitialised weights ({@code torch.empty}); for structure checks and timing. */
    public static AdmUNet empty(AdmConfig cfg) {
        Torch.load();
        TensorOptions opts = new TensorOptions(ScalarType.Float);
        return new AdmUNet(cfg, (name, shape) -> torch.empty(shape, opts, new MemoryFormatOptional()).to(Torch.device(), ScalarType.Float));
    }

    public Map<String, long[]> shapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        params.forEach((k, p) -> m.put(k, p.shape.clone()));
        return Collections.unmodifiableMap(m);
    }

    public AdmConfig config() {
        return cfg;
    }

    /**
     * The float32 parameters by state-dict name, in guided-diffusion's order: the live tensors the network
     * computes with, so a trainer can mark them {@code requires_grad} and update them in place. Training
     * keeps {@link Precision#FLOAT32} (bf16 copies made by {@link #setPrecision} would go stale).
     */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        params.forEach((k, p) -> m.put(k, p.f32));
        return Collections.unmodifiableMap(m);
    }

    public ModelSource source() {
        return source;
    }

    void setSource(ModelSource s) {
        this.source = s;
    }

    /** The checkpoint's hash when the file will not outlive the load (a temporary copy). */
    synchronized void setSha256(String hex) {
        this.sha256 = hex;
    }

    /** SHA-256 (hex) of the checkpoint file, computed on first use; null for uninitialised weights. */
    public synchronized String checkpointSha256() {
        if (sha256 == null && source.checkpoint() != null) {
            sha256 = Models.sha256(source.checkpoint());
        }
        return sha256;
    }

    @Override
    public int inChannels() {
        return cfg.inChannels();
    }

    public int outChannels() {
        return cfg.outChannels();
    }

    @Override
    public int sizeMultiple() {
        return cfg.sizeMultiple();
    }

    @Override
    public long parameterCount() {
        return countParameters(shapes());
    }

    /** Parameter count of the network a config describes (no weights allocated). */
    public static long parameterCount(AdmConfig cfg) {
        return countParameters(parameterShapes(cfg));
    }

    static long countParameters(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] s : shapes.values()) {
            long k = 1;
            for (long d : s) {
                k *= d;
            }
            n += k;
        }
        return n;
    }

    public Precision precision() {
        return precision;
    }

    /** Switches arithmetic precision; bf16 weight copies are created on the first switch and dropped on return to fp32. */
    public synchronized void setPrecision(Precision p) {
        if (p == precision) {
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            for (Param w : params.values()) {
                if (w.low != null) {
                    w.low.releaseReference();
                    w.low = null;
                }
                if (p == Precision.BFLOAT16 && w.matmul && w.f32 != null) {
                    w.low = channelsLast(w.f32.to(ScalarType.BFloat16));
                    w.low.retainReference();
                }
            }
        }
        precision = p;
        act = p == Precision.BFLOAT16 ? ScalarType.BFloat16 : ScalarType.Float;
    }

    @Override
    public Tensor forward(Tensor x, Tensor t) {
        if (cfg.numClasses() > 0) {
            throw new InvalidInputException("this model is class-conditional (num_classes " + cfg.numClasses()
                    + "); pass class labels");
        }
        return forward(x, t, null);
    }

    /**
     * Raw output [N, out_channels, H, W] in float32 for x [N, in_channels, H, W] and t [N] (or a single
     * t for all), with class labels [N] for class-conditional models (else null). Autograd is not
     * disabled here: callers wrap inference in {@link NoGradGuard}.
     */
    public Tensor forward(Tensor x, Tensor t, Tensor labels) {
        long[] s = x.sizes().vec().get();
        if (s.length != 4 || s[1] != cfg.inChannels()) {
            throw new InvalidInputException("model input must be [N, " + cfg.inChannels() + ", H, W], got "
                    + java.util.Arrays.toString(s));
        }
        int m = sizeMultiple();
        if (s[2] % m != 0 || s[3] % m != 0 || s[2] == 0 || s[3] == 0) {
            throw new InvalidInputException("image size " + s[2] + "x" + s[3] + " is not a multiple of " + m
                    + " (2^(levels-1) for channel_mult " + cfg.channelMult() + ")");
        }
        long n = s[0];
        if (t.numel() != n && t.numel() != 1) {
            throw new InvalidInputException("got " + t.numel() + " timesteps for a batch of " + n);
        }
        if (cfg.numClasses() > 0 && (labels == null || labels.numel() != n)) {
            throw new InvalidInputException("class-conditional model needs " + n + " labels");
        }
        Torch.device();
        Tensor out;
        try (PointerScope scope = new PointerScope()) {
            Tensor tt = t.to(Torch.device(), ScalarType.Float).reshape(-1).expand(new long[] {n}).contiguous();
            Tensor emb = timestepEmbedding(tt, cfg.modelChannels()).to(act);
            emb = timeEmbed2.forward(torch.silu(timeEmbed0.forward(emb)));
            if (labelEmb != null) {
                Tensor idx = labels.to(Torch.device(), ScalarType.Long).reshape(-1);
                emb = emb.add(torch.embedding(labelEmb.at(act), idx));
            }
            // Each block runs in its own scope so its intermediates are freed when it returns: without this a
            // 16-frame forward at 256² keeps every activation of the network alive at once (24 GB, OOM-killed).
            Tensor embedding = emb;
            Deque<Tensor> hs = new ArrayDeque<>();
            Tensor h = channelsLast(x.to(Torch.device(), act));
            for (Block b : inputBlocks) {
                Tensor in = h;
                h = retained(() -> b.forward(in, embedding));
                hs.push(h); // owned by the skip stack until an output block has consumed it
            }
            for (Layer l : middleBlock) {
                Tensor in = h;
                h = retained(() -> l.forward(in, embedding));
                if (in != hs.peek()) { // the last input block's output stays on the skip stack
                    in.releaseReference();
                }
            }
            for (Block b : outputBlocks) {
                Tensor in = h;
                Tensor skip = hs.pop();
                h = retained(() -> b.forward(torch.cat(new TensorVector(in, skip), 1), embedding));
                in.releaseReference();
                skip.releaseReference();
            }
            Tensor last = h;
            out = retained(() -> outConv.forward(torch.silu(outNorm.forward(last)))
                    .to(ScalarType.Float, false, false, new MemoryFormatOptional(torch.MemoryFormat.Contiguous))); // one copy back to NCHW
            last.releaseReference();
        }
        return out;
    }

    /**
     * 4-D activations and bf16 weight copies live channels-last on the CPU: oneDNN's convolutions take NHWC as it
     * is, while NCHW is reordered to its blocked layout and back at every convolution (vireo-tiny bf16, 272x640,
     * batch 4: 958 against 1190 ms per frame; vireo-base 64², batch 16: 38 against 47 bf16, 65 against 69 fp32).
     * GroupNorm, the resampling ops and the skip concatenation keep the layout. Not measured on CUDA, so left there.
     */
    private static Tensor channelsLast(Tensor t) {
        return t.dim() == 4 && !t.is_cuda() ? t.contiguous(torch.MemoryFormat.ChannelsLast) : t;
    }

    /** Runs {@code f} in its own PointerScope and keeps only its result (released by the caller). */
    private static Tensor retained(java.util.function.Supplier<Tensor> f) {
        try (PointerScope scope = new PointerScope()) {
            Tensor r = f.get();
            r.retainReference();
            return r;
        }
    }

    /**
     * Runs one forward pass on seeded Gaussian input [batch, in_channels, height, width] at t = 500
     * without autograd, and returns the mean |output| (so the work cannot be optimised away). For timing.
     */
    public double forwardRandom(int batch, int height, int width, long seed) {
        Torch.device();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(seed);
            Tensor x = torch.randn(new long[] {batch, cfg.inChannels(), height, width},
                    new TensorOptions(ScalarType.Float)).to(Torch.device(), ScalarType.Float);
            Tensor t = torch.full(new long[] {batch}, new Scalar(500.0), new TensorOptions(ScalarType.Float)).to(Torch.device(), ScalarType.Float);
            Tensor labels = cfg.numClasses() > 0 ? torch.zeros(new long[] {batch}, new TensorOptions(ScalarType.Long)) : null;
            return forward(x, t, labels).abs().mean().item_double();
        }
    }

    /** cos-then-sin sinusoidal embedding of guided-diffusion's {@code timestep_embedding}, in float32. */
    static Tensor timestepEmbedding(Tensor t, int dim) {
        int half = dim / 2;
        TensorOptions f32 = new TensorOptions(ScalarType.Float);
        Tensor freqs = torch.arange(new Scalar(0), new Scalar(half), f32).to(t.device(), ScalarType.Float)
                .mul(new Scalar(-Math.log(10000.0))).div(new Scalar((double) half)).exp();
        Tensor args = t.unsqueeze(1).mul(freqs.unsqueeze(0));
        Tensor e = torch.cat(new TensorVector(args.cos(), args.sin()), -1);
        if (dim % 2 == 1) {
            e = torch.cat(new TensorVector(e, torch.zeros_like(e.narrow(1, 0, 1))), -1);
        }
        return e;
    }

    // ---- building blocks ----------------------------------------------------------------------------

    /** Collects parameters in construction order. */
    private final class Ctx {
        final WeightSource source;

        Ctx(WeightSource source) {
            this.source = source;
        }

        Param param(String name, boolean matmul, long... shape) {
            Tensor t = source.apply(name, shape);
            Param p = new Param(shape, matmul, t);
            params.put(name, p);
            return p;
        }
    }

    private static TensorOptional opt(Tensor t) {
        return new TensorOptional(t);
    }

    private final class Linear {
        final Param w;
        final Param b;

        Linear(Ctx c, String name, int in, int out) {
            w = c.param(name + ".weight", true, out, in);
            b = c.param(name + ".bias", true, out);
        }

        Tensor forward(Tensor x) {
            return torch.linear(x, w.at(act), b.at(act));
        }
    }

    private final class Conv {
        final Param w;
        final Param b;
        final long stride;
        final long pad;
        final boolean oneD;

        Conv(Ctx c, String name, int in, int out, int k, int stride, int pad) {
            this(c, name, in, out, k, stride, pad, false);
        }

        Conv(Ctx c, String name, int in, int out, int k, int stride, int pad, boolean oneD) {
            w = oneD ? c.param(name + ".weight", true, out, in, 1) : c.param(name + ".weight", true, out, in, k, k);
            b = c.param(name + ".bias", true, out);
            this.stride = stride;
            this.pad = pad;
            this.oneD = oneD;
        }

        Tensor forward(Tensor x) {
            if (oneD) {
                return torch.conv1d(x, w.at(act), opt(b.at(act)), new long[] {1}, new long[] {0}, new long[] {1}, 1);
            }
            return torch.conv2d(x, w.at(act), opt(b.at(act)), new long[] {stride, stride}, new long[] {pad, pad},
                    new long[] {1, 1}, 1);
        }
    }

    private Layer conv2dLayer(Conv conv) {
        return (h, emb) -> conv.forward(h);
    }

    /** GroupNorm32: statistics and affine in float32, result in the activation type. */
    private final class GroupNorm {
        final Param w;
        final Param b;

        GroupNorm(Ctx c, String name, int ch) {
            w = c.param(name + ".weight", false, ch);
            b = c.param(name + ".bias", false, ch);
        }

        Tensor forward(Tensor x) {
            // On the CPU group_norm takes a bf16 input with float32 weights and computes in float32 itself:
            // bit-identical to converting first, without the two full-size copies (3-5x faster at 640x272).
            Tensor in = x.is_cuda() ? x.to(ScalarType.Float) : x;
            // Below 1024 pixels per channel libtorch's channels-last group_norm takes a slow path: vireo-tiny's
            // [16, 128, 16, 16] bf16 3.5 ms against 0.5 ms through NCHW and back (24x24: 8.1 against 0.9 ms).
            boolean viaNchw = x.dim() == 4 && x.size(2) * x.size(3) < 1024 && x.is_contiguous(torch.MemoryFormat.ChannelsLast);
            Tensor y = torch.group_norm(viaNchw ? in.contiguous() : in, GN_GROUPS, opt(w.f32), opt(b.f32), GN_EPS, false).to(act);
            return viaNchw ? channelsLast(y) : y;
        }
    }

    private static Tensor avgPool2(Tensor x) {
        return torch.avg_pool2d(x, new long[] {2, 2}, new long[] {2, 2}, new long[] {0, 0}, false, true, new LongOptional());
    }

    private static Tensor nearest2(Tensor x) {
        return torch.upsample_nearest2d(x, new long[] {x.size(2) * 2, x.size(3) * 2});
    }

    private Layer downsample(Ctx c, String name, int ch) {
        if (cfg.convResample()) {
            Conv op = new Conv(c, name + ".op", ch, ch, 3, 2, 1);
            return (h, emb) -> op.forward(h);
        }
        return (h, emb) -> avgPool2(h);
    }

    private Layer upsample(Ctx c, String name, int ch) {
        if (cfg.convResample()) {
            Conv conv = new Conv(c, name + ".conv", ch, ch, 3, 1, 1);
            return (h, emb) -> conv.forward(nearest2(h));
        }
        return (h, emb) -> nearest2(h);
    }

    private final class ResBlock implements Layer {
        final GroupNorm inNorm;
        final Conv inConv;
        final Linear embLinear;
        final GroupNorm outNorm;
        final Conv outConv;
        final Conv skip;
        final int resample; // -1 down, 0 none, +1 up
        final int outCh;

        ResBlock(Ctx c, String name, int in, int out, int resample) {
            this.resample = resample;
            this.outCh = out;
            inNorm = new GroupNorm(c, name + ".in_layers.0", in);
            inConv = new Conv(c, name + ".in_layers.2", in, out, 3, 1, 1);
            embLinear = new Linear(c, name + ".emb_layers.1", cfg.modelChannels() * 4,
                    cfg.useScaleShiftNorm() ? 2 * out : out);
            outNorm = new GroupNorm(c, name + ".out_layers.0", out);
            outConv = new Conv(c, name + ".out_layers.3", out, out, 3, 1, 1);
            skip = in == out ? null : new Conv(c, name + ".skip_connection", in, out, 1, 1, 0);
        }

        private Tensor resampled(Tensor x) {
            return resample < 0 ? avgPool2(x) : resample > 0 ? nearest2(x) : x;
        }

        @Override
        public Tensor forward(Tensor x, Tensor emb) {
            Tensor h = torch.silu(inNorm.forward(x));
            if (resample != 0) {
                h = resampled(h);
                x = resampled(x);
            }
            h = inConv.forward(h);
            Tensor e = embLinear.forward(torch.silu(emb)).to(h.scalar_type()).unsqueeze(-1).unsqueeze(-1);
            if (cfg.useScaleShiftNorm()) {
                Tensor scale = e.narrow(1, 0, outCh);
                Tensor shift = e.narrow(1, outCh, outCh);
                h = torch.addcmul(shift, outNorm.forward(h), scale.add(new Scalar(1.0))); // one pass: shift + norm·(1 + scale)
                h = outConv.forward(torch.silu(h));
            } else {
                h = outConv.forward(torch.silu(outNorm.forward(h.add(e))));
            }
            return (skip == null ? x : skip.forward(x)).add(h);
        }
    }

    /** [b*heads, d, T] channels of one of q, k, v -> contiguous float32 [b, heads, T, d]. */
    private static Tensor tokens(Tensor c, long[] heads4) {
        return c.transpose(1, 2).reshape(heads4).to(ScalarType.Float).contiguous();
    }

    private final class Attention implements Layer {
        final GroupNorm norm;
        final Conv qkv;
        final Conv proj;
        final int heads;

        Attention(Ctx c, String name, int ch, int heads) {
            this.heads = heads;
            norm = new GroupNorm(c, name + ".norm", ch);
            qkv = new Conv(c, name + ".qkv", ch, 3 * ch, 1, 1, 0, true);
            proj = new Conv(c, name + ".proj_out", ch, ch, 1, 1, 0, true);
        }

        @Override
        public Tensor forward(Tensor x4, Tensor emb) {
            long b = x4.size(0);
            long ch = x4.size(1);
            long len = x4.size(2) * x4.size(3);
            Tensor x = x4.reshape(b, ch, len);
            Tensor qkvOut = qkv.forward(norm.forward(x));
            long d = ch / heads;
            Tensor q;
            Tensor k;
            Tensor v;
            if (cfg.useNewAttentionOrder()) {
                // QKVAttention: [all q | all k | all v], each split into heads.
                q = qkvOut.narrow(1, 0, ch).reshape(b * heads, d, len);
                k = qkvOut.narrow(1, ch, ch).reshape(b * heads, d, len);
                v = qkvOut.narrow(1, 2 * ch, ch).reshape(b * heads, d, len);
            } else {
                // QKVAttentionLegacy: per head [q | k | v] of d channels each.
                Tensor r = qkvOut.reshape(b * heads, 3 * d, len);
                q = r.narrow(1, 0, d);
                k = r.narrow(1, d, d);
                v = r.narrow(1, 2 * d, d);
            }
            // Fused attention: the [T, T] weights are never materialised, so memory stays linear in the
            // token count. libtorch's CPU flash kernel takes only 4-D float32 [b, heads, T, d] inputs with
            // contiguous rows; 3-D, strided or bf16 inputs fall back to slower paths (measured 1 thread, 2720
            // tokens: 260-310 ms here against 1.2-1.9 s for strided 3-D in either precision, 5 s for 4-D bf16).
            // So q, k, v go in as contiguous float32 also in bf16, where the softmax is float32 anyway.
            long[] heads4 = {b, heads, len, d};
            Tensor a = torch.scaled_dot_product_attention(tokens(q, heads4), tokens(k, heads4), tokens(v, heads4),
                    new TensorOptional(), 0.0, false, new DoubleOptional(1.0 / Math.sqrt((double) d)), false)
                    .transpose(2, 3).reshape(b, ch, len).to(act); // [b, heads, T, d] -> [b, ch, T]
            return channelsLast(x.add(proj.forward(a)).reshape(x4.sizes().vec().get()));
        }
    }
}

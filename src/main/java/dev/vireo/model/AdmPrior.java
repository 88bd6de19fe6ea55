package dev.vireo.model;

import dev.vireo.schedule.NoiseSchedule;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The ADM UNet as a {@link Prior}: its diffusion flags decide what its output means. The first
 * {@code channels} outputs are taken (learn_sigma models add variance channels), an x₀ prediction is turned
 * into ε̂ = (x_t − √ᾱ_t x̂₀)/√(1 − ᾱ_t), and with rescale_timesteps the network is fed t·1000/T.
 */
public final class AdmPrior implements Prior {
    private final AdmUNet net;
    private final DiffusionConfig diffusion;
    private final NoiseSchedule schedule;

    public AdmPrior(AdmUNet net, DiffusionConfig diffusion) {
        this.net = net;
        this.diffusion = diffusion;
        this.schedule = diffusion.noiseSchedule();
    }

    /** The network itself, for what is about the network rather than the prior (forward benchmarks, precision). */
    public AdmUNet network() {
        return net;
    }

    public DiffusionConfig diffusion() {
        return diffusion;
    }

    @Override
    public Tensor epsilon(Tensor x, int t) {
        int n = (int) Tensors.shape(x)[0];
        float fed = diffusion.rescaleTimesteps() ? (float) (t * 1000.0 / diffusion.steps()) : t;
        float[] ts = new float[n];
        Arrays.fill(ts, fed);
        Tensor out = net.forward(x, Tensors.fromFloats(ts, n)).narrow(1, 0, net.inChannels());
        if (!diffusion.predictXstart()) {
            return out;
        }
        double ab = schedule.alphaBar(t);
        return x.sub(out, Tensors.scalar(Math.sqrt(ab))).div(Tensors.scalar(Math.sqrt(1 - ab)));
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    @Override
    public int channels() {
        return net.inChannels();
    }

    @Override
    public int sizeMultiple() {
        return net.sizeMultiple();
    }

    @Override
    public int trainingSize() {
        return net.config().imageSize();
    }

    @Override
    public long parameterCount() {
        return net.parameterCount();
    }

    @Override
    public long weightBytes() {
        return MemoryEstimate.of(net.config(), net.sizeMultiple(), net.sizeMultiple(), net.precision()).weightBytes();
    }

    @Override
    public long activationBytesPerFrame(int height, int width) {
        return MemoryEstimate.of(net.config(), height, width, net.precision()).residentBytesPerFrame(!dev.vireo.tensor.Torch.isCuda());
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", net.source().name());
        m.put("sha256", net.checkpointSha256());
        m.put("parameters", net.parameterCount());
        m.put("precision", net.precision().name().toLowerCase(java.util.Locale.ROOT));
        m.put("flags", net.config().toMap());
        m.put("diffusion", diffusion.toMap());
        return m;
    }

    /** The network's arithmetic precision (bf16 weight copies are made on the first switch). */
    public void setPrecision(Precision p) {
        net.setPrecision(p);
    }
}

package dev.vireo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every model flag of guided-diffusion's {@code UNetModel} (ADM), resolved: no defaults or "" left.
 *
 * <p>{@code attentionDs} holds downsample factors (UNetModel's {@code attention_resolutions}): attention
 * runs where the feature map is 1/ds of the input. Two spellings are accepted when reading flags:
 * <ul>
 *   <li>a <b>string</b> such as {@code "32,16,8"} is guided-diffusion's script flag: feature-map
 *       <i>resolutions</i>, converted with {@code image_size / res} (as {@code create_model} does);</li>
 *   <li>a <b>JSON list</b> such as {@code [8]}, or the key {@code attention_ds}, gives downsample factors
 *       directly (what {@code UNetModel.__init__} receives and what the vireo/fixture JSON files store).</li>
 * </ul>
 *
 * @param channelMult per-level channel multipliers (doubles because guided-diffusion's 512 default has 0.5)
 * @param numClasses 0 for an unconditional model
 * @param dropout kept for completeness; inference ignores it
 * @param useFp16 kept for completeness; precision is chosen with {@link AdmUNet#setPrecision}
 */
public record AdmConfig(
        int imageSize,
        int inChannels,
        int modelChannels,
        int outChannels,
        int numResBlocks,
        List<Integer> attentionDs,
        double dropout,
        List<Double> channelMult,
        int numClasses,
        int numHeads,
        int numHeadChannels,
        int numHeadsUpsample,
        boolean useScaleShiftNorm,
        boolean resblockUpdown,
        boolean convResample,
        boolean useNewAttentionOrder,
        boolean learnSigma,
        boolean useFp16) {

    public static final List<String> PRESETS = List.of("adm-256-uncond", "vireo-tiny", "vireo-base");
    private static final ObjectMapper JSON = new ObjectMapper();

    public AdmConfig {
        attentionDs = List.copyOf(attentionDs);
        channelMult = List.copyOf(channelMult);
    }

    public int levels() {
        return channelMult.size();
    }

    /** Spatial sizes must be multiples of this. */
    public int sizeMultiple() {
        return 1 << (levels() - 1);
    }

    /** Channels at a level: {@code int(mult * model_channels)} as in guided-diffusion. */
    public int channels(int level) {
        return (int) (channelMult.get(level) * modelChannels);
    }

    /** Heads of an attention block with {@code channels} channels (num_head_channels wins when set). */
    public int heads(int channels, boolean upsamplePath) {
        if (numHeadChannels != -1) {
            return channels / numHeadChannels;
        }
        return upsamplePath && numHeadsUpsample != -1 ? numHeadsUpsample : numHeads;
    }

    /** Flags under guided-diffusion's names, in a stable order, for printing and run records. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_size", imageSize);
        m.put("in_channels", inChannels);
        m.put("model_channels", modelChannels);
        m.put("out_channels", outChannels);
        m.put("num_res_blocks", numResBlocks);
        m.put("attention_resolutions", attentionDs);
        m.put("dropout", dropout);
        m.put("channel_mult", channelMult.stream().map(AdmConfig::num).toList());
        m.put("num_classes", numClasses == 0 ? null : numClasses);
        m.put("num_heads", numHeads);
        m.put("num_head_channels", numHeadChannels);
        m.put("num_heads_upsample", numHeadsUpsample);
        m.put("use_scale_shift_norm", useScaleShiftNorm);
        m.put("resblock_updown", resblockUpdown);
        m.put("conv_resample", convResample);
        m.put("use_new_attention_order", useNewAttentionOrder);
        m.put("learn_sigma", learnSigma);
        m.put("use_fp16", useFp16);
        return m;
    }

    static Object num(double d) {
        return d == Math.rint(d) ? (Object) (int) d : (Object) d;
    }

    /** A named preset: {@code adm-256-uncond} (guided-diffusion sample.sh flags) or a bundled vireo prior. */
    public static AdmConfig preset(String name) {
        switch (name) {
            case "adm-256-uncond":
                return new Builder()
                        .set("image_size", "256").set("num_channels", "256").set("num_res_blocks", "2")
                        .set("attention_resolutions", "32,16,8").set("num_head_channels", "64")
                        .set("learn_sigma", "true").set("resblock_updown", "true").set("use_fp16", "true")
                        .set("use_scale_shift_norm", "true").set("class_cond", "false").build();
            case "vireo-tiny":
            case "vireo-base":
                try (InputStream in = AdmConfig.class.getResourceAsStream("/models/" + name + ".json")) {
                    if (in == null) {
                        throw new IllegalStateException("bundled /models/" + name + ".json missing from the classpath");
                    }
                    return fromJson(JSON.readTree(in), name);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read bundled " + name + ".json", e);
                }
            default:
                throw new InvalidInputException("unknown model preset '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
        }
    }

    /** Flags from a JSON file: either {"flags": {...}, "diffusion": {...}} or a flat object of flags. */
    public static AdmConfig fromJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": model config file not found");
        }
        try {
            return fromJson(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a readable JSON model config (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    static AdmConfig fromJson(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": model config must be a JSON object");
        }
        Builder b = new Builder();
        JsonNode flags = root.has("flags") ? root.get("flags") : root;
        flags.fields().forEachRemaining(e -> {
            if (root.has("flags") || Builder.isKnown(e.getKey())) {
                b.set(e.getKey(), e.getValue(), source);
            }
        });
        JsonNode diffusion = root.get("diffusion");
        if (diffusion != null && diffusion.has("learn_sigma")) {
            b.set("learn_sigma", diffusion.get("learn_sigma"), source);
        }
        return b.build();
    }

    /**
     * Mutable flag collector. Keys use guided-diffusion spelling; both the script names
     * ({@code num_channels}, {@code class_cond}, {@code learn_sigma}) and the UNetModel names
     * ({@code model_channels}, {@code num_classes}, {@code out_channels}) are accepted. Unset flags take
     * {@code model_and_diffusion_defaults()}.
     */
    public static final class Builder {
        private static final Set<String> IGNORED = Set.of("use_checkpoint", "diffusion_steps", "noise_schedule",
                "timestep_respacing", "use_kl", "predict_xstart", "rescale_timesteps", "rescale_learned_sigmas");
        private static final Set<String> KNOWN = Set.of("image_size", "in_channels", "model_channels", "num_channels",
                "out_channels", "num_res_blocks", "attention_resolutions", "attention_ds", "dropout", "channel_mult",
                "num_classes", "class_cond", "num_heads", "num_head_channels", "num_heads_upsample",
                "use_scale_shift_norm", "resblock_updown", "conv_resample", "use_new_attention_order", "learn_sigma",
                "use_fp16");

        private int imageSize = 64;
        private int inChannels = 3;
        private int modelChannels = 128;
        private Integer outChannels;
        private int numResBlocks = 2;
        private String attentionResolutions = "16,8";
        private List<Integer> attentionDs;
        private double dropout;
        private List<Double> channelMult = List.of();
        private int numClasses;
        private int numHeads = 4;
        private int numHeadChannels = -1;
        private int numHeadsUpsample = -1;
        private boolean useScaleShiftNorm = true;
        private boolean resblockUpdown;
        private boolean convResample = true;
        private boolean useNewAttentionOrder;
        private Boolean learnSigma;
        private boolean useFp16;

        public Builder() {}

        /** Starts from a resolved config (to override a few flags). */
        public Builder(AdmConfig c) {
            imageSize = c.imageSize;
            inChannels = c.inChannels;
            modelChannels = c.modelChannels;
            outChannels = c.outChannels;
            numResBlocks = c.numResBlocks;
            attentionDs = c.attentionDs;
            dropout = c.dropout;
            channelMult = c.channelMult;
            numClasses = c.numClasses;
            numHeads = c.numHeads;
            numHeadChannels = c.numHeadChannels;
            numHeadsUpsample = c.numHeadsUpsample;
            useScaleShiftNorm = c.useScaleShiftNorm;
            resblockUpdown = c.resblockUpdown;
            convResample = c.convResample;
            useNewAttentionOrder = c.useNewAttentionOrder;
            learnSigma = c.learnSigma;
            useFp16 = c.useFp16;
        }

        static boolean isKnown(String key) {
            return KNOWN.contains(key) || IGNORED.contains(key);
        }

        Builder set(String key, JsonNode v, String source) {
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(n -> parts.add(n.asText()));
                String joined = String.join(",", parts);
                // A JSON list of attention_resolutions holds UNetModel's downsample factors.
                return set("attention_resolutions".equals(key) ? "attention_ds" : key, joined);
            }
            return set(key, v.isNull() ? "" : v.asText());
        }

        /** Sets one flag from its text form ("true", "256", "1,1,2,2,4,4", "" for None). */
        public Builder set(String key, String value) {
            String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            String v = value.trim();
            try {
                switch (k) {
                    case "image_size" -> imageSize = Integer.parseInt(v);
                    case "in_channels" -> inChannels = Integer.parseInt(v);
                    case "model_channels", "num_channels" -> modelChannels = Integer.parseInt(v);
                    case "out_channels" -> {
                        // The later of out_channels / learn_sigma decides the output width.
                        outChannels = Integer.parseInt(v);
                        learnSigma = null;
                    }
                    case "num_res_blocks" -> numResBlocks = Integer.parseInt(v);
                    case "attention_resolutions" -> {
                        attentionResolutions = v;
                        attentionDs = null;
                    }
                    case "attention_ds" -> attentionDs = ints(v);
                    case "dropout" -> dropout = Double.parseDouble(v);
                    case "channel_mult" -> channelMult = v.isEmpty() ? List.of()
                            : splitList(v).stream().map(Double::parseDouble).toList();
                    case "num_classes" -> numClasses = v.isEmpty() || v.equals("None") || v.equals("null") ? 0 : Integer.parseInt(v);
                    case "class_cond" -> numClasses = bool(k, v) ? 1000 : 0;
                    case "num_heads" -> numHeads = Integer.parseInt(v);
                    case "num_head_channels" -> numHeadChannels = Integer.parseInt(v);
                    case "num_heads_upsample" -> numHeadsUpsample = Integer.parseInt(v);
                    case "use_scale_shift_norm" -> useScaleShiftNorm = bool(k, v);
                    case "resblock_updown" -> resblockUpdown = bool(k, v);
                    case "conv_resample" -> convResample = bool(k, v);
                    case "use_new_attention_order" -> useNewAttentionOrder = bool(k, v);
                    case "learn_sigma" -> {
                        learnSigma = bool(k, v);
                        outChannels = null;
                    }
                    case "use_fp16" -> useFp16 = bool(k, v);
                    default -> {
                        if (!IGNORED.contains(k)) {
                            throw new InvalidInputException("unknown model flag '" + key + "' (known: "
                                    + String.join(", ", new TreeSet<>(KNOWN)) + ")");
                        }
                    }
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException("model flag " + key + "=" + value + ": not a number");
            }
            return this;
        }

        private static List<String> splitList(String v) {
            String s = v.replace("(", "").replace(")", "").replace("[", "").replace("]", "");
            List<String> out = new ArrayList<>();
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
            return out;
        }

        private static List<Integer> ints(String v) {
            return splitList(v).stream().map(Integer::parseInt).toList();
        }

        private static boolean bool(String k, String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new InvalidInputException("model flag " + k + "=" + v + ": expected true or false");
            };
        }

        /** guided-diffusion's script_util default channel_mult for an image size ("" in the flags). */
        static List<Double> defaultChannelMult(int imageSize) {
            return switch (imageSize) {
                case 512 -> List.of(0.5, 1.0, 1.0, 2.0, 2.0, 4.0, 4.0);
                case 256 -> List.of(1.0, 1.0, 2.0, 2.0, 4.0, 4.0);
                case 128 -> List.of(1.0, 1.0, 2.0, 3.0, 4.0);
                case 64 -> List.of(1.0, 2.0, 3.0, 4.0);
                // Not in guided-diffusion (it raises); improved-diffusion's CIFAR default.
                case 32 -> List.of(1.0, 2.0, 2.0, 2.0);
                default -> throw new InvalidInputException("channel_mult is empty and image_size " + imageSize
                        + " has no guided-diffusion default (512, 256, 128, 64, 32); give channel_mult");
            };
        }

        public AdmConfig build() {
            List<Double> mult = channelMult.isEmpty() ? defaultChannelMult(imageSize) : channelMult;
            List<Integer> ds = attentionDs;
            if (ds == null) {
                ds = new ArrayList<>();
                for (int res : ints(attentionResolutions)) {
                    if (res <= 0 || imageSize % res != 0) {
                        throw new InvalidInputException("attention_resolutions " + attentionResolutions
                                + ": resolution " + res + " does not divide image_size " + imageSize);
                    }
                    ds.add(imageSize / res);
                }
            }
            ds = new ArrayList<>(new TreeSet<>(ds));
            boolean sigma;
            int out;
            if (outChannels != null) {
                out = outChannels;
                sigma = learnSigma != null ? learnSigma : out == 2 * inChannels;
                if (sigma && out != 2 * inChannels) {
                    throw new InvalidInputException("learn_sigma=true needs out_channels " + 2 * inChannels + ", not " + out);
                }
            } else {
                sigma = learnSigma != null && learnSigma;
                out = sigma ? 2 * inChannels : inChannels;
            }
            check(imageSize > 0 && inChannels > 0 && modelChannels > 0 && out > 0 && numResBlocks >= 0,
                    "image_size, in_channels, model_channels, out_channels must be positive and num_res_blocks >= 0");
            check(!mult.isEmpty(), "channel_mult must have at least one level");
            check(numHeadChannels == -1 || numHeadChannels > 0, "num_head_channels must be -1 or positive");
            check(numHeadChannels != -1 || numHeads > 0, "num_heads must be positive");
            AdmConfig c = new AdmConfig(imageSize, inChannels, modelChannels, out, numResBlocks, ds, dropout, mult,
                    numClasses, numHeads, numHeadChannels, numHeadsUpsample, useScaleShiftNorm, resblockUpdown,
                    convResample, useNewAttentionOrder, sigma, useFp16);
            for (int l = 0; l < c.levels(); l++) {
                int ch = c.channels(l);
                check(ch > 0 && ch % 32 == 0, "channels at level " + l + " are " + ch
                        + "; GroupNorm(32) needs a positive multiple of 32 (model_channels x channel_mult)");
                boolean attends = ds.contains(1 << l) || l == c.levels() - 1;
                if (attends && numHeadChannels != -1) {
                    check(ch % numHeadChannels == 0, "channels " + ch + " at level " + l
                            + " are not a multiple of num_head_channels " + numHeadChannels);
                } else if (attends) {
                    check(ch % numHeads == 0, "channels " + ch + " not divisible by num_heads " + numHeads);
                }
            }
            return c;
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new InvalidInputException("model flags: " + message);
            }
        }
    }
}

package dev.vireo.model;

import dev.vireo.InvalidInputException;
import dev.vireo.model.checkpoint.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a checkpoint's tensor names and shapes with what a config expects and, when they differ,
 * guesses the flags from the checkpoint's shapes so the error can say which flag is most likely wrong.
 * Head count and QKV layout cannot be read from shapes; those mistakes show only in the output.
 */
final class StateDictCheck {
    private static final int LIST_LIMIT = 6;
    private static final Pattern BLOCK = Pattern.compile("^(input_blocks|output_blocks)\\.(\\d+)\\.(\\d+)\\.(.*)$");

    private StateDictCheck() {}

    static void check(AdmConfig cfg, Map<String, long[]> expected, Map<String, TensorInfo> actual, String source) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorInfo t = actual.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                mismatched.add(e.getKey() + " is " + t.shapeText() + ", expected "
                        + new TensorInfo("", "", e.getValue()).shapeText());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (missing.isEmpty() && mismatched.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(source).append(" does not match the model flags:");
        append(sb, "missing keys", missing);
        append(sb, "unexpected keys", unexpected);
        append(sb, "shape mismatches", mismatched);
        List<String> hints = hints(cfg, actual);
        if (!hints.isEmpty()) {
            sb.append("; likely flag differences: ").append(String.join(", ", hints));
        } else {
            sb.append("; check the model flags (--config / --flag)");
        }
        throw new InvalidInputException(sb.toString());
    }

    private static void append(StringBuilder sb, String what, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append(' ').append(items.size()).append(' ').append(what).append(" (");
        sb.append(String.join(", ", items.subList(0, Math.min(LIST_LIMIT, items.size()))));
        if (items.size() > LIST_LIMIT) {
            sb.append(", ...");
        }
        sb.append(')');
    }

    /** "flag looks like X, not Y" for every flag that can be read from the checkpoint and differs. */
    static List<String> hints(AdmConfig cfg, Map<String, TensorInfo> actual) {
        Map<String, String> guessed = guess(actual);
        Map<String, Object> have = cfg.toMap();
        List<String> out = new ArrayList<>();
        guessed.forEach((flag, value) -> {
            Object mine = have.get(flag);
            String mineText = mine instanceof List<?> l ? join(l) : String.valueOf(mine);
            if (!value.equals(mineText)) {
                out.add(flag + " looks like " + value + ", not " + mineText);
            }
        });
        return out;
    }

    private static String join(List<?> l) {
        List<String> s = new ArrayList<>();
        l.forEach(o -> s.add(String.valueOf(o)));
        return String.join(",", s);
    }

    /** Flags that the checkpoint's names and shapes reveal, under guided-diffusion names. */
    static Map<String, String> guess(Map<String, TensorInfo> t) {
        Map<String, String> g = new LinkedHashMap<>();
        TensorInfo first = t.get("input_blocks.0.0.weight");
        int modelCh = -1;
        if (first != null && first.shape().length == 4) {
            g.put("in_channels", String.valueOf(first.shape()[1]));
            modelCh = (int) first.shape()[0];
        }
        TensorInfo te = t.get("time_embed.0.weight");
        if (te != null && te.shape().length == 2) {
            modelCh = (int) te.shape()[1];
        }
        if (modelCh > 0) {
            g.put("model_channels", String.valueOf(modelCh));
        }
        TensorInfo out = t.get("out.2.weight");
        if (out != null) {
            g.put("out_channels", String.valueOf(out.shape()[0]));
            if (first != null) {
                g.put("learn_sigma", String.valueOf(out.shape()[0] == 2 * first.shape()[1]));
            }
        }
        TensorInfo label = t.get("label_emb.weight");
        g.put("num_classes", label == null ? "null" : String.valueOf(label.shape()[0]));

        // Sub-module indices per block.
        Map<Integer, TreeSet<Integer>> outSubs = new LinkedHashMap<>();
        Map<Integer, TreeSet<Integer>> inSubs = new LinkedHashMap<>();
        for (String k : t.keySet()) {
            Matcher m = BLOCK.matcher(k);
            if (m.matches()) {
                Map<Integer, TreeSet<Integer>> target = m.group(1).equals("input_blocks") ? inSubs : outSubs;
                target.computeIfAbsent(Integer.parseInt(m.group(2)), x -> new TreeSet<>()).add(Integer.parseInt(m.group(3)));
            }
        }
        int outBlocks = outSubs.isEmpty() ? 0 : outSubs.keySet().stream().max(Integer::compare).get() + 1;
        // The first output block that carries an upsampler ends the deepest level: num_res_blocks + 1 blocks.
        int perLevel = -1;
        for (int k = 0; k < outBlocks && perLevel < 0; k++) {
            TreeSet<Integer> subs = outSubs.getOrDefault(k, new TreeSet<>());
            for (int s : subs) {
                String p = "output_blocks." + k + "." + s;
                if (s > 0 && !t.containsKey(p + ".qkv.weight")
                        && (t.containsKey(p + ".in_layers.0.weight") || t.containsKey(p + ".conv.weight"))) {
                    perLevel = k + 1;
                }
            }
        }
        if (perLevel > 0 && outBlocks % perLevel == 0 && modelCh > 0) {
            int nrb = perLevel - 1;
            int levels = outBlocks / perLevel;
            g.put("num_res_blocks", String.valueOf(nrb));
            List<String> mult = new ArrayList<>();
            List<Integer> attn = new ArrayList<>();
            for (int l = 0; l < levels; l++) {
                // Output block of level l (counted from the top) whose res block has the level's width.
                int k = (levels - 1 - l) * perLevel;
                TensorInfo w = t.get("output_blocks." + k + ".0.out_layers.3.weight");
                if (w == null) {
                    return g;
                }
                mult.add(String.valueOf(AdmConfig.num((double) w.shape()[0] / modelCh)));
                if (nrb > 0 && t.containsKey("input_blocks." + (1 + l * perLevel) + ".1.qkv.weight")) {
                    attn.add(1 << l);
                }
            }
            g.put("channel_mult", String.join(",", mult));
            if (nrb > 0) {
                g.put("attention_resolutions", join(attn));
            }
            String down = "input_blocks." + perLevel + ".0";
            if (levels > 1) {
                g.put("resblock_updown", String.valueOf(t.containsKey(down + ".in_layers.0.weight")));
            }
            TensorInfo emb = t.get("input_blocks.1.0.emb_layers.1.weight");
            TensorInfo conv = t.get("input_blocks.1.0.out_layers.3.weight");
            if (emb != null && conv != null) {
                g.put("use_scale_shift_norm", String.valueOf(emb.shape()[0] == 2 * conv.shape()[0]));
            }
        }
        return g;
    }
}

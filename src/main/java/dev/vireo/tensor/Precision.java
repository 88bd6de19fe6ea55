package dev.vireo.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Arithmetic precision of the network. BFLOAT16 runs convolutions and matmuls in bf16 and keeps
 * GroupNorm and softmax in float32 (2.2-2.7x faster on CPUs with avx512_bf16, same restoration quality
 * to 0.1 dB); {@code auto} picks it wherever the hardware has native bf16 arithmetic.
 */
public enum Precision {
    FLOAT32,
    BFLOAT16;

    /** A resolved precision and why it was chosen, for run records and {@code vireo info}. */
    public record Choice(Precision precision, String requested, String reason) {
        public String label() {
            return precision.label();
        }
    }

    /** "fp32" or "bf16". */
    public String label() {
        return this == BFLOAT16 ? "bf16" : "fp32";
    }

    /** fp32 or bf16; {@code auto} is resolved with {@link #choose}. */
    public static Precision parse(String s) {
        return choose(s).precision();
    }

    /** Resolves fp32, bf16 or auto (bf16 where the CPU or GPU computes it natively, else fp32). */
    public static Choice choose(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "fp32", "float32", "f32" -> new Choice(FLOAT32, k, "requested");
            case "bf16", "bfloat16" -> new Choice(BFLOAT16, k, "requested");
            case "auto" -> auto();
            default -> throw new dev.vireo.InvalidInputException("unknown precision '" + s + "' (use auto, fp32 or bf16)");
        };
    }

    private static Choice auto() {
        if (Torch.isCuda()) {
            // The CPU build cannot ask a card for its compute capability; Ampere (sm_80) and later have bf16 tensor cores.
            return new Choice(BFLOAT16, "auto", "auto: CUDA device (bf16 assumed: native from sm_80 on)");
        }
        List<String> flags = cpuFlags();
        List<String> native16 = List.of("amx_bf16", "avx512_bf16").stream().filter(flags::contains).toList();
        if (!native16.isEmpty()) {
            return new Choice(BFLOAT16, "auto", "auto: CPU has " + String.join(" and ", native16));
        }
        return new Choice(FLOAT32, "auto", "auto: CPU has neither avx512_bf16 nor amx_bf16 (bf16 would be emulated, slower)");
    }

    /** The CPU's instruction-set flags (/proc/cpuinfo); empty where unknown. */
    static List<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
        } catch (IOException notLinux) {
            // Elsewhere auto falls back to fp32, the precision that is never slower than emulated bf16.
        }
        return List.of();
    }
}

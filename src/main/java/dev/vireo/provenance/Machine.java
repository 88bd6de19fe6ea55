package dev.vireo.provenance;

import dev.vireo.tensor.HostAllocator;
import dev.vireo.tensor.Torch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the run ran on: CPU model, cores, the instruction-set flags that matter for speed, JVM, libtorch, malloc settings. */
public final class Machine {
    private static final List<String> FLAGS_OF_INTEREST =
            List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_tile");

    private Machine() {}

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        String model = "unknown";
        List<String> flags = List.of();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && "unknown".equals(model)) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    List<String> all = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    flags = FLAGS_OF_INTEREST.stream().filter(all::contains).toList();
                }
            }
        } catch (IOException notLinux) {
            // Other systems: the JVM facts below still identify the machine.
        }
        m.put("cpu", model);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_flags", flags);
        m.put("memory_bytes", totalMemory());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("torch", Torch.version());
        m.put("device", Torch.device().is_cuda() ? "cuda" : "cpu");
        m.put("torch_threads", Torch.threads());
        m.put("host_allocator", HostAllocator.describe());
        return m;
    }

    /** Physical memory of the machine in bytes, or -1 if unknown. */
    public static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    /**
     * Memory available for a new allocation on the compute device now: the GPU's free memory on CUDA, else
     * MemAvailable on Linux; -1 if unknown.
     */
    public static long availableMemory() {
        if (Torch.isCuda()) {
            return cudaFreeMemory();
        }
        long kb = procKb("/proc/meminfo", "MemAvailable:");
        if (kb >= 0) {
            return kb;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return -1;
    }

    /**
     * Free memory of the GPU in bytes as the driver reports it (nvidia-smi; the first of CUDA_VISIBLE_DEVICES,
     * which is libtorch's device 0), or -1 if it cannot be read. JavaCPP's CPU build has no CUDA runtime to ask.
     */
    static long cudaFreeMemory() {
        String visible = System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "0").split(",")[0].trim();
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--id=" + (visible.isEmpty() ? "0" : visible),
                    "--query-gpu=memory.free", "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            return Long.parseLong(out.lines().findFirst().orElse("").trim()) * 1024L * 1024L;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Peak resident set size of this process in bytes (VmHWM), or -1 if unknown. */
    public static long peakRss() {
        return procKb("/proc/self/status", "VmHWM:");
    }

    /** A "Key:   123 kB" line of a Linux /proc file, in bytes; -1 where there is no such file or line. */
    private static long procKb(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: the caller falls back or reports unknown.
        }
        return -1;
    }
}

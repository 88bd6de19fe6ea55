package dev.vireo.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HostAllocatorTest {
    /** The environment bin/native-env leaves, sourced by bash on top of {@code preset}. */
    private static Map<String, String> sourced(Map<String, String> preset) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". bin/native-env && env");
        pb.environment().keySet().removeAll(HostAllocator.VARIABLES);
        pb.environment().putAll(preset);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out.lines().filter(l -> l.contains("=")).collect(Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
    }

    @Test
    void nativeEnvSetsEveryVariableTheRecordNames() throws Exception {
        Map<String, String> env = sourced(Map.of());
        assertEquals("1", env.get("MALLOC_ARENA_MAX"));
        assertEquals(4294967296L, Long.parseLong(env.get("MALLOC_MMAP_THRESHOLD_")));
        assertTrue(Long.parseLong(env.get("MALLOC_TRIM_THRESHOLD_")) >= 1L << 28, env.toString());
        Object d = HostAllocator.describe(env);
        assertEquals(List.copyOf(HostAllocator.VARIABLES), List.copyOf(((Map<?, ?>) d).keySet()));
        assertTrue(HostAllocator.summary(env).startsWith("glibc, tuned {MALLOC_ARENA_MAX=1,"), HostAllocator.summary(env));
    }

    @Test
    void valuesTheUserSetWin() throws Exception {
        Map<String, String> env = sourced(Map.of("MALLOC_ARENA_MAX", "4"));
        assertEquals("4", env.get("MALLOC_ARENA_MAX"));
        assertEquals("4294967296", env.get("MALLOC_MMAP_THRESHOLD_"));
    }

    @Test
    void recordsDefaultsAndNamesWhatIsMissing() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
        assertEquals("glibc defaults", HostAllocator.describe(env));
        env.put("MALLOC_ARENA_MAX", "2");
        assertEquals(new LinkedHashMap<>(Map.of("MALLOC_ARENA_MAX", "2")), HostAllocator.describe(env));
        String line = HostAllocator.summary(env);
        assertTrue(line.contains("[MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_] unset") && line.contains("bin/native-env"), line);
    }
}

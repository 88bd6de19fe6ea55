package dev.vireo.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether glibc's malloc, which serves libtorch's CPU tensors, runs with the settings of {@code bin/native-env}.
 * They can only come from the environment the process started with (one arena must be chosen before the first
 * allocation), so {@code bin/vireo} and {@code bin/test} set them and this class reports what a run had.
 * Without them a 640x272 restore spends a third of its time having the kernel map and zero fresh pages.
 */
public final class HostAllocator {
    /** The variables of {@code bin/native-env}, in its order. */
    public static final List<String> VARIABLES = List.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");

    private HostAllocator() {}

    /** The allocator settings of this process, for run records: the variables that are set, or "glibc defaults". */
    public static Object describe() {
        return describe(System.getenv());
    }

    static Object describe(Map<String, String> env) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String v : VARIABLES) {
            if (env.containsKey(v)) {
                set.put(v, env.get(v));
            }
        }
        if (!set.isEmpty()) {
            return set;
        }
        return linux() ? "glibc defaults" : "the system's own";
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /** One line for {@code vireo info}: the settings, or what is lost without them and how to get them. */
    public static String summary() {
        return summary(System.getenv());
    }

    static String summary(Map<String, String> env) {
        if (!linux()) {
            return String.valueOf(describe(env));
        }
        List<String> missing = VARIABLES.stream().filter(v -> !env.containsKey(v)).toList();
        if (missing.isEmpty()) {
            return "glibc, tuned " + describe(env);
        }
        return "glibc, " + missing + " unset: large tensors are fresh kernel pages on every allocation (a 640x272 "
                + "restore runs ~1.5x longer); run through bin/vireo, or export the variables of bin/native-env";
    }
}

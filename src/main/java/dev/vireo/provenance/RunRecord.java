package dev.vireo.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vireo.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record every run writes beside its output (run.json): the full effective configuration, the seed,
 * the model file's hash, versions, the machine, timings and metrics, so a result can be reproduced.
 */
public final class RunRecord {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> timings = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    public RunRecord(String command) {
        root.put("vireo", "0.1.0");
        root.put("command", command);
        root.put("started", Instant.now().toString());
        root.put("machine", Machine.describe());
        root.put("timings_s", timings);
    }

    public RunRecord put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    public RunRecord time(String phase, double seconds) {
        timings.put(phase, seconds);
        return this;
    }

    public Map<String, Object> asMap() {
        return root;
    }

    public void write(Path path) throws IOException {
        timings.put("total", (System.nanoTime() - started) / 1e9);
        root.put("peak_rss_bytes", Machine.peakRss());
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(path, om.writeValueAsBytes(root));
    }
}

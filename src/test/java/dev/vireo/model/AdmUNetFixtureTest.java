package dev.vireo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import dev.vireo.tensor.Precision;
import dev.vireo.tensor.Tensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parity with guided-diffusion's UNetModel on every case of fixtures/manifest.json. */
class AdmUNetFixtureTest {
    private static final Map<String, AdmUNet> MODELS = new ConcurrentHashMap<>();

    static AdmUNet model(String checkpoint) {
        return MODELS.computeIfAbsent(checkpoint, c -> Models.load(SharedData.fixture(c).toString(), null));
    }

    static double maxError(AdmUNet net, String x, String t, String expected) throws Exception {
        Npy.Array xa = Npy.read(SharedData.fixture(x));
        Npy.Array ta = Npy.read(SharedData.fixture(t));
        Npy.Array ea = Npy.read(SharedData.fixture(expected));
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor out = net.forward(Tensors.fromFloats(xa.data(), xa.shape()), Tensors.fromFloats(ta.data(), ta.shape()));
            assertArrayEquals(ea.shape(), Tensors.shape(out));
            // The network computes channels-last on the CPU; callers read its output's memory as NCHW.
            assertTrue(out.is_contiguous(), "output is not contiguous NCHW");
            return Tensors.maxAbsDiff(out, Tensors.fromFloats(ea.data(), ea.shape()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "../models/vireo-tiny.pt, tiny_x.npy, tiny_t.npy, tiny_eps.npy",
        "../models/vireo-tiny.pt, tiny_x_48x80.npy, tiny_t_48x80.npy, tiny_eps_48x80.npy",
        "adm-mini.pt, mini_x.npy, mini_t.npy, mini_out.npy",
        "adm-variant.pt, variant_x.npy, variant_t.npy, variant_out.npy"})
    void matchesPyTorchInFloat32(String checkpoint, String x, String t, String expected) throws Exception {
        double err = maxError(model(checkpoint), x, t, expected);
        System.out.printf("fp32 %s %s: max abs error %.3g%n", checkpoint, x, err);
        assertTrue(err <= 1e-4, "max abs error " + err);
    }

    @Test
    void bfloat16StaysCloseToFloat32Reference() throws Exception {
        AdmUNet net = Models.load(SharedData.fixture("../models/vireo-tiny.pt").toString(), null);
        net.setPrecision(Precision.BFLOAT16);
        double err = maxError(net, "tiny_x.npy", "tiny_t.npy", "tiny_eps.npy");
        System.out.printf("bf16 vireo-tiny 64x64: max abs error %.3g%n", err);
        assertTrue(err > 1e-5 && err < 0.15, "bf16 max abs error " + err);
        net.setPrecision(Precision.FLOAT32);
        assertTrue(maxError(net, "tiny_x.npy", "tiny_t.npy", "tiny_eps.npy") <= 1e-4);
    }
}

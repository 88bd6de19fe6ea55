package dev.vireo.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchSmokeTest {
    @Test
    void roundTripsFloatsThroughLibtorch() {
        float[] v = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensors.fromFloats(v, 2, 3);
        assertArrayEquals(new long[] {2, 3}, Tensors.shape(t));
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, Tensors.toFloats(t.mul(Tensors.scalar(2))));
        assertEquals(91.0, Tensors.dot(t, t), 0);
    }

    @Test
    void npyRoundTripIsExact(@TempDir Path dir) throws Exception {
        Npy.Array gt = Npy.read(SharedData.fixture("svi_gt.npy"));
        assertArrayEquals(new long[] {8, 3, 64, 64}, gt.shape());
        Path out = dir.resolve("x.npy");
        Npy.write(out, gt.data(), gt.shape());
        Npy.Array back = Npy.read(out);
        assertArrayEquals(gt.shape(), back.shape());
        assertArrayEquals(gt.data(), back.data());
    }
}

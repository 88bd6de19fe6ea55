package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.SharedData;
import dev.vireo.io.Npy;
import dev.vireo.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** The paper's operator (7-frame circular mean, then 2×2 block mean) reproduces the reference y. */
class FixtureParityTest {
    @Test
    void paperOperatorMapsGroundTruthToMeasurement() throws Exception {
        Npy.Array gt = Npy.read(SharedData.fixture("svi_gt.npy"));
        Npy.Array y = Npy.read(SharedData.fixture("svi_y.npy"));
        LinearOperator a = Degradations.parse("temporal:uniform:7:pad=circular,down:2", gt.shape());
        assertArrayEquals(y.shape(), a.outputShape(gt.shape()));
        Tensor out = a.apply(Tensors.fromFloats(gt.data(), gt.shape()));
        double err = Tensors.maxAbsDiff(out, Tensors.fromFloats(y.data(), y.shape()));
        assertTrue(err <= 1e-6, "max |A(gt) - y| = " + err);
    }
}

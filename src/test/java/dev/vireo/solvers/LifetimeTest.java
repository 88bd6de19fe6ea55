package dev.vireo.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vireo.model.Prior;
import dev.vireo.operators.LinearOperator;
import dev.vireo.tensor.Tensors;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A solve whose step throws leaves no native tensor behind: the sampler's carried state is released on every
 * exit path. Measured as JavaCPP's count of live native pointers before and after repeated failing solves.
 */
class LifetimeTest {
    private static final class Boom extends RuntimeException {}

    @Test
    void aStepThatThrowsLeavesNoNativeMemory() {
        LinearOperator a = TestOps.temporalThenDown(3, 2);
        long[] shape = {4, 3, 8, 8};
        Tensor clean = Tensors.fromFloats(TestOps.smoothClip(4, 8, 8), shape);
        Tensor y = a.apply(clean);
        int[] calls = {0};
        Prior failsAtThirdStep = TestOps.model(3, (x, t) -> {
            if (++calls[0] % 3 == 0) {
                throw new Boom();
            }
            return x.mul(Tensors.scalar(0.5));
        });
        Problem p = new Problem(y, a, shape, 0, failsAtThirdStep);
        for (String method : new String[] {"svi", "dps"}) {
            Solver s = Solvers.create(method, java.util.Map.of("nfe", "10"));
            calls[0] = 0;
            assertThrows(Boom.class, () -> s.solve(p, s.defaultNoise(0), ProgressListener.NONE)); // warm caches
            long before = Pointer.totalCount();
            long bytesBefore = Pointer.totalBytes();
            for (int i = 0; i < 5; i++) {
                calls[0] = 0;
                assertThrows(Boom.class, () -> s.solve(p, s.defaultNoise(0), ProgressListener.NONE));
            }
            assertEquals(before, Pointer.totalCount(), method + ": native pointers left behind by failing solves");
            assertEquals(bytesBefore, Pointer.totalBytes(), method + ": native bytes left behind");
        }
    }
}

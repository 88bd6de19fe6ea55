package dev.vireo.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Npy;
import dev.vireo.tensor.Tensors;
import dev.vireo.tensor.Torch;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DegradationsParseTest {
    private static final long[] CLIP = {8, 3, 64, 64};

    @BeforeAll
    static void load() {
        Torch.load();
    }

    private static void assertRoundTrip(String spec, long[] shape, Random r) {
        LinearOperator a = Degradations.parse(spec, shape);
        LinearOperator b = Degradations.parse(a.spec(), shape);
        assertEquals(a, b, spec);
        assertEquals(a.spec(), b.spec(), spec);
        Tensor x = OpsTesting.random(r, shape);
        assertEquals(0.0, Tensors.maxAbsDiff(a.apply(x), b.apply(x)), spec);
    }

    @Test
    void canonicalSpecsParseBackToEqualOperators() {
        Random r = new Random(1);
        String[][] cases = {
            {"temporal:uniform:7", "temporal:uniform:7"},
            {"temporal:uniform:13:pad=circular", "temporal:uniform:13:pad=circular"},
            {"temporal:uniform:13:pad=replicate", "temporal:uniform:13"},
            {"temporal:gaussian:1.5", "temporal:gaussian:1.5:11"},
            {"temporal:taps:0.25/0.5/0.25:pad=reflect", "temporal:taps:0.25/0.5/0.25:pad=reflect"},
            {"TEMPORAL:Uniform:7 , blur:gaussian:2.0:61, down:4", "temporal:uniform:7,blur:gaussian:2:61,down:4"},
            {"blur:box:5:pad=zero", "blur:box:5:pad=zero"},
            {"blur:motion:9:30:pad=circular", "blur:motion:9:30:pad=circular"},
            {"down:4:mean", "down:4"},
            {"down:2:bicubic:pad=symmetric", "down:2:bicubic"},
            {"mask:random:0.5", "mask:random:0.5"},
            {"mask:random:0.5:seed=0", "mask:random:0.5"},
            {"mask:random:0.25:per=frame:seed=3", "mask:random:0.25:seed=3:per=frame"},
            {"mask:box:8:8:16:32", "mask:box:8:8:16:32"},
            {"subsample:2", "subsample:2"},
            {"subsample:4:1", "subsample:4:1"},
            {"gray", "grey"},
            {"identity", "identity"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], Degradations.parse(c[0], CLIP).spec(), c[0]);
            assertRoundTrip(c[0], CLIP, r);
        }
        LinearOperator paper = Degradations.parse("temporal:uniform:7,blur:gaussian:2.0:61,down:4", CLIP);
        assertInstanceOf(Composite.class, paper);
        assertEquals(3, ((Composite) paper).parts().size());
        assertInstanceOf(Downsample.class, ((Composite) paper).parts().get(2));
        assertArrayEquals(new long[] {8, 3, 16, 16}, paper.outputShape(CLIP));
    }

    @Test
    void randomCompositionsRoundTrip() {
        Random r = new Random(2);
        for (int trial = 0; trial < 25; trial++) {
            long[] s = {1 + r.nextInt(6), 3, 12 * (1 + r.nextInt(2)), 12 * (1 + r.nextInt(2))};
            assertRoundTrip(AdjointPropertyTest.randomSpec(r, s), s, r);
        }
    }

    private static String error(String spec, long[] shape) {
        return assertThrows(InvalidInputException.class, () -> Degradations.parse(spec, shape), spec).getMessage();
    }

    private static void assertPointsAt(String spec, long[] shape, int index, String token, String why) {
        String m = error(spec, shape);
        assertTrue(m.contains("'" + spec + "'"), m);
        assertTrue(m.contains("token " + index + " '" + token + "'"), m);
        assertTrue(m.contains(why), m);
        assertTrue(m.lines().count() == 1, m);
    }

    @Test
    void badSpecsNameTheOffendingToken() {
        assertPointsAt("temporal:uniform:7,blurr:gaussian:2", CLIP, 2, "blurr:gaussian:2", "unknown operator 'blurr'");
        assertPointsAt("temporal:uniform:x", CLIP, 1, "temporal:uniform:x", "frame count must be an integer");
        assertPointsAt("temporal:uniform:7:pad=mirror", CLIP, 1, "temporal:uniform:7:pad=mirror", "unknown boundary 'mirror'");
        assertPointsAt("temporal:box:7", CLIP, 1, "temporal:box:7", "unknown temporal kind 'box'");
        assertPointsAt("blur:gaussian:2:61:foo=1", CLIP, 1, "blur:gaussian:2:61:foo=1", "unknown option 'foo'");
        assertPointsAt("blur:gaussian:-2", CLIP, 1, "blur:gaussian:-2", "sigma must be positive");
        assertPointsAt("blur:gaussian:2f", CLIP, 1, "blur:gaussian:2f", "sigma must be a number");
        assertPointsAt("down:4,mask:random:1.5", CLIP, 2, "mask:random:1.5", "(0, 1]");
        assertPointsAt("down:2:bicubic:7", CLIP, 1, "down:2:bicubic:7", "expected 2 arguments");
        assertPointsAt("temporal:uniform:7:pad=zero:pad=circular", CLIP, 1, "temporal:uniform:7:pad=zero:pad=circular",
                "given twice");
        assertPointsAt("down:2,blur:file:/no/such/kernel.png", CLIP, 2, "blur:file:/no/such/kernel.png", "cannot read kernel");
        assertPointsAt("subsample:2:2", CLIP, 1, "subsample:2:2", "offset must be in 0..1");
        assertTrue(error("temporal:uniform:7,,down:2", CLIP).contains("token 2 (column 20) is empty"));
        assertTrue(error("blur:file:'k.png", CLIP).contains("unclosed quote"));
        assertTrue(error(" ", CLIP).contains("empty degradation spec"));
    }

    @Test
    void shapesTheOperatorsCannotTakeAreRejected() {
        assertPointsAt("temporal:uniform:7,down:4", new long[] {8, 3, 62, 64}, 2, "down:4", "divisible by 4");
        assertPointsAt("down:2,down:2,down:2", new long[] {8, 3, 12, 12}, 3, "down:2", "divisible by 2");
        assertPointsAt("grey,grey", CLIP, 2, "grey", "3 colour channels");
        assertPointsAt("down:2,mask:box:20:20:16:16", CLIP, 2, "mask:box:20:20:16:16", "does not fit a 32x32 frame");
        assertTrue(error("down:2", new long[] {3, 64, 64}).contains("[frames, channels, height, width]"));
    }

    @Test
    void kernelAndMaskFiles(@TempDir Path dir) throws Exception {
        // A 3x5 grey PNG kernel: a horizontal bar with a brighter centre.
        BufferedImage k = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
        int[] bar = {51, 102, 255, 102, 51};
        for (int j = 0; j < 5; j++) {
            k.getRaster().setSample(j, 1, 0, bar[j]);
        }
        k.getRaster().setSample(2, 0, 0, 51);
        Path png = dir.resolve("kernel, v1.png");
        ImageIO.write(k, "png", png.toFile());
        SpatialBlur blur = (SpatialBlur) Degradations.parse("blur:file:'" + png + "'", CLIP);
        double[][] w = blur.kernel();
        assertEquals(612 / 612.0, (561 + 51) / 612.0);
        assertEquals(255 / 612.0, w[1][2], 1e-12);
        assertEquals(51 / 612.0, w[0][2], 1e-12);
        assertEquals(0.0, w[2][2], 0);
        assertRoundTrip(blur.spec(), CLIP, new Random(3));
        assertTrue(blur.spec().contains("'"), "a path with ',' is quoted: " + blur.spec());

        Path npyKernel = dir.resolve("k.npy");
        Npy.write(npyKernel, new float[] {1, 2, 1, 2, 4, 2}, 2, 3);
        SpatialBlur nk = (SpatialBlur) Degradations.parse("blur:file:" + npyKernel, CLIP);
        assertEquals(4 / 12.0, nk.kernel()[1][1], 1e-12);
        assertEquals(SpatialBlur.Method.SEPARABLE, nk.method());

        BufferedImage m = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                m.setRGB(j, i, (i + j) % 3 == 0 ? 0xffffff : 0x000000);
            }
        }
        Path maskPng = dir.resolve("mask.png");
        ImageIO.write(m, "png", maskPng.toFile());
        float[] observed = ((Mask) Degradations.parse("mask:file:" + maskPng, CLIP)).observed(CLIP);
        for (int i = 0; i < 64 * 64; i++) {
            assertEquals(((i / 64) + (i % 64)) % 3 == 0 ? 1f : 0f, observed[i]);
        }
        assertPointsAt("down:2,mask:file:" + maskPng, CLIP, 2, "mask:file:" + maskPng, "mask is 64x64 but the frames are 32x32");

        Path perFrame = dir.resolve("m.npy");
        float[] data = new float[2 * 4 * 4];
        data[3] = 1;
        data[16 + 5] = 0.9f;
        Npy.write(perFrame, data, 2, 4, 4);
        float[] pf = ((Mask) Degradations.parse("mask:file:" + perFrame, new long[] {2, 3, 4, 4}))
                .observed(new long[] {2, 3, 4, 4});
        assertEquals(32, pf.length);
        assertEquals(1f, pf[3]);
        assertEquals(1f, pf[21]);
        assertEquals(2f, pf[3] + pf[21] + pf[0]);
        assertPointsAt("mask:file:" + perFrame, new long[] {3, 3, 4, 4}, 1, "mask:file:" + perFrame,
                "mask has 2 frames but the clip has 3");
    }

    @Test
    void maskReadersPlugInByExtension(@TempDir Path dir) {
        dev.vireo.io.OperatorFiles.registerMaskReader("fakevideo", path -> new Npy.Array(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, new long[] {2, 2, 2}));
        Mask mask = (Mask) Degradations.parse("mask:file:" + dir.resolve("clip.fakevideo"), new long[] {2, 3, 2, 2});
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, mask.observed(new long[] {2, 3, 2, 2}));
        assertTrue(error("mask:file:x.unknownext", CLIP).contains("no mask reader for '.unknownext'"));
    }
}

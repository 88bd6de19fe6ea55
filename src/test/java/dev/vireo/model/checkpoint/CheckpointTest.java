package dev.vireo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vireo.InvalidInputException;
import dev.vireo.SharedData;
import dev.vireo.model.AdmUNet;
import dev.vireo.model.Models;
import dev.vireo.tensor.Tensors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final Path TINY = SharedData.root().resolve("models/vireo-tiny.pt");

    @Test
    void readsTorchZipHeaderAndFp16Storages() {
        try (Checkpoint ck = Checkpoint.open(TINY)) {
            Map<String, TensorInfo> t = ck.tensors();
            assertEquals(AdmUNet.parameterShapes(dev.vireo.model.AdmConfig.preset("vireo-tiny")).size(), t.size());
            TensorInfo w = t.get("input_blocks.0.0.weight");
            assertEquals("F16", w.dtype());
            assertArrayEquals(new long[] {32, 3, 3, 3}, w.shape());
            Tensor read = ck.read("input_blocks.0.0.weight");
            assertEquals(ScalarType.Float.value, read.scalar_type().value);
            assertArrayEquals(w.shape(), Tensors.shape(read));
            assertTrue(Tensors.dot(read, read) > 0, "weights are not all zero");
        }
    }

    /** Writes the tiny prior as .safetensors (alternating F16 and F32 tensors) and checks identical output. */
    @Test
    void safetensorsGivesTheSameNetworkAsPt(@TempDir Path dir) throws Exception {
        Path st = dir.resolve("tiny.safetensors");
        ObjectNode header = new ObjectMapper().createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int i = 0;
        try (Checkpoint ck = Checkpoint.open(TINY)) {
            for (TensorInfo info : ck.tensors().values()) {
                boolean half = i++ % 2 == 0;
                Tensor t = ck.read(info.name()).to(half ? ScalarType.Half : ScalarType.Float).contiguous();
                byte[] bytes = new byte[(int) t.nbytes()];
                new BytePointer(t.data_ptr()).limit(bytes.length).asByteBuffer().get(bytes);
                ObjectNode e = header.putObject(info.name());
                e.put("dtype", half ? "F16" : "F32");
                var shape = e.putArray("shape");
                for (long s : info.shape()) {
                    shape.add(s);
                }
                e.putArray("data_offsets").add(data.size()).add(data.size() + bytes.length);
                data.write(bytes);
            }
        }
        header.putObject("__metadata__").put("format", "pt");
        byte[] hb = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(len.array());
        file.write(hb);
        file.write(data.toByteArray());
        Files.write(st, file.toByteArray());

        AdmUNet fromPt = Models.load("vireo-tiny", null);
        AdmUNet fromSt = Models.load(st.toString(), SharedData.root().resolve("models/vireo-tiny.json"));
        try (NoGradGuard g = new NoGradGuard()) {
            dev.vireo.io.Npy.Array x = dev.vireo.io.Npy.read(SharedData.fixture("tiny_x.npy"));
            Tensor xt = Tensors.fromFloats(x.data(), x.shape()).narrow(0, 0, 1).narrow(2, 0, 32).narrow(3, 0, 32).contiguous();
            Tensor t = Tensors.fromFloats(new float[] {250f}, 1);
            assertEquals(0.0, Tensors.maxAbsDiff(fromPt.forward(xt, t), fromSt.forward(xt, t)), 0.0,
                    "fp16 weights are exact in both F16 and F32, so outputs must be identical");
        }
        Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(file.toByteArray(), file.size() / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Checkpoint.open(dir.resolve("cut.safetensors")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingNotACheckpointAndTruncatedFilesGetOneClearLine(@TempDir Path dir) throws Exception {
        List<String> messages = new ArrayList<>();
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> Checkpoint.open(dir.resolve("nope.pt")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        messages.add(missing.getMessage());

        Path text = dir.resolve("notes.pt");
        Files.writeString(text, "these are not weights\n".repeat(10));
        InvalidInputException notCk = assertThrows(InvalidInputException.class, () -> Checkpoint.open(text));
        assertTrue(notCk.getMessage().contains("not a checkpoint"), notCk.getMessage());
        messages.add(notCk.getMessage());

        byte[] all = Files.readAllBytes(TINY);
        Path cut = dir.resolve("cut.pt");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        InvalidInputException trunc = assertThrows(InvalidInputException.class, () -> Checkpoint.open(cut));
        assertTrue(trunc.getMessage().contains("truncated"), trunc.getMessage());
        messages.add(trunc.getMessage());
        for (String m : messages) {
            assertEquals(1, m.lines().count(), m);
        }
    }
}

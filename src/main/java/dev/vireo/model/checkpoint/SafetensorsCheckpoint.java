package dev.vireo.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * A {@code .safetensors} file: 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then raw
 * little-endian data (offsets relative to the end of the header). F32, F16, BF16 and F64 are read.
 */
final class SafetensorsCheckpoint extends StoredCheckpoint {
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, long[]> offsets;

    private SafetensorsCheckpoint(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> infos,
            Map<String, long[]> offsets) {
        super(path, infos);
        this.channel = channel;
        this.dataStart = dataStart;
        this.offsets = offsets;
    }

    static SafetensorsCheckpoint open(Path path) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long len = lenBuf.getLong(0);
            ByteBuffer header = ByteBuffer.allocate((int) len);
            readFully(ch, header, 8);
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(header.array());
            } catch (IOException e) {
                throw new InvalidInputException(path + ": not a checkpoint (no PyTorch zip, and no valid safetensors JSON header)");
            }
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(path + ": not a checkpoint (safetensors header is not a JSON object)");
            }
            Map<String, TensorInfo> infos = new LinkedHashMap<>();
            Map<String, long[]> offsets = new LinkedHashMap<>();
            long dataStart = 8 + len;
            long dataSize = ch.size() - dataStart;
            List<String> names = new ArrayList<>();
            root.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.equals("__metadata__")) {
                    continue;
                }
                JsonNode t = root.get(name);
                String dtype = t.path("dtype").asText();
                if (!List.of("F32", "F16", "BF16", "F64").contains(dtype)) {
                    throw new InvalidInputException(path + ": tensor " + name + " has dtype " + dtype
                            + "; only F32/F16/BF16/F64 weights are supported");
                }
                long[] shape = new long[t.path("shape").size()];
                Iterator<JsonNode> it = t.path("shape").elements();
                for (int i = 0; it.hasNext(); i++) {
                    shape[i] = it.next().asLong();
                }
                long[] off = {t.path("data_offsets").path(0).asLong(-1), t.path("data_offsets").path(1).asLong(-1)};
                TensorInfo info = new TensorInfo(name, dtype, shape);
                if (off[0] < 0 || off[1] - off[0] != info.numel() * elementSize(dtype)) {
                    throw new InvalidInputException(path + ": tensor " + name + " has data_offsets inconsistent with its shape");
                }
                if (off[1] > dataSize) {
                    throw new InvalidInputException(path + ": truncated safetensors file (tensor " + name
                            + " ends at byte " + (dataStart + off[1]) + ", file has " + ch.size() + ")");
                }
                infos.put(name, info);
                offsets.put(name, off);
            }
            return new SafetensorsCheckpoint(path, ch, dataStart, infos, offsets);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InvalidInputException(path + ": cannot read safetensors file (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of file");
            }
            pos += n;
        }
    }

    @Override
    Tensor readStored(TensorInfo info) {
        long[] off = offsets.get(info.name());
        Tensor raw = torch.empty(info.shape(), new TensorOptions(scalarType(info.dtype())), new MemoryFormatOptional());
        try {
            channel.position(dataStart + off[0]);
            fill(channel, raw, off[1] - off[0], info.name());
        } catch (IOException e) {
            throw new InvalidInputException(path() + ": cannot read tensor " + info.name() + " (" + e.getMessage() + ")");
        }
        return raw;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Read-only.
            }
        }
    }
}

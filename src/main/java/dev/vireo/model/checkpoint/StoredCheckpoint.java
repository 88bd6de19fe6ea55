package dev.vireo.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What the checkpoint formats share once their headers are parsed: the tensor table, name lookup, and
 * turning raw little-endian storage bytes into a float32 tensor. A format only locates a tensor's bytes
 * ({@link #readStored}).
 */
abstract class StoredCheckpoint implements Checkpoint {
    private final Path path;
    private final Map<String, TensorInfo> infos;

    StoredCheckpoint(Path path, Map<String, TensorInfo> infos) {
        this.path = path;
        this.infos = Collections.unmodifiableMap(infos);
    }

    /**
     * The tensor {@code info} in its stored dtype and shape (a view of the raw storage is fine); called
     * inside a pointer scope, only for known, non-empty tensors.
     */
    abstract Tensor readStored(TensorInfo info);

    @Override
    public final Map<String, TensorInfo> tensors() {
        return infos;
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final Tensor read(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new IllegalArgumentException("no tensor " + name + " in " + path);
        }
        // Frees the raw (e.g. fp16) copy right away: at most one tensor is ever held twice.
        try (PointerScope scope = new PointerScope()) {
            Tensor t = info.numel() == 0
                    ? torch.zeros(info.shape(), new TensorOptions(ScalarType.Float))
                    : readStored(info).to(ScalarType.Float).contiguous();
            t.retainReference();
            return t;
        }
    }

    /** Copies {@code bytes} from the channel into the tensor's memory (no Java heap copy). */
    static void fill(ReadableByteChannel ch, Tensor t, long bytes, String name) throws IOException {
        BytePointer p = new BytePointer(t.data_ptr());
        long done = 0;
        while (done < bytes) {
            int chunk = (int) Math.min(bytes - done, 1 << 26);
            ByteBuffer buf = p.position(done).limit(done + chunk).asByteBuffer();
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new java.io.EOFException(name);
                }
            }
            done += chunk;
        }
    }

    static ScalarType scalarType(String dtype) {
        return switch (dtype) {
            case "F32" -> ScalarType.Float;
            case "F16" -> ScalarType.Half;
            case "BF16" -> ScalarType.BFloat16;
            case "F64" -> ScalarType.Double;
            default -> throw new IllegalArgumentException(dtype);
        };
    }

    static int elementSize(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw new IllegalArgumentException(dtype);
        };
    }
}

package dev.vireo.model.checkpoint;

import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A state dict on disk whose header (names, dtypes, shapes) is read up front and whose tensors are read
 * one at a time on request, so loading never holds two full copies of the weights.
 */
public interface Checkpoint extends AutoCloseable {
    /** All tensors in file order. */
    Map<String, TensorInfo> tensors();

    /** Reads one tensor into a new contiguous float32 CPU tensor (fp16/bf16/fp64 are converted). */
    Tensor read(String name);

    Path path();

    @Override
    void close();

    /**
     * Opens a PyTorch {@code torch.save} zip ({@code .pt}/{@code .pth}/{@code .bin}) or a {@code .safetensors}
     * file, recognised by content. Every problem is an {@link InvalidInputException} with a one-line message.
     */
    static Checkpoint open(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(path + ": checkpoint file not found");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path + ": not a regular file");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 8);
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read checkpoint (" + e.getMessage() + ")");
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TorchZipCheckpoint.open(path);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] <= 5) {
            throw new InvalidInputException(path + ": legacy (pre-1.6, non-zip) torch.save format is not supported;"
                    + " re-save it with torch.save(state_dict, f) from PyTorch >= 1.6");
        }
        if (n == 8) {
            long len = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            long size;
            try {
                size = Files.size(path);
            } catch (IOException e) {
                throw new InvalidInputException(path + ": cannot read checkpoint (" + e.getMessage() + ")");
            }
            if (len > 1 && len < 100_000_000L && len + 8 <= size) {
                return SafetensorsCheckpoint.open(path);
            }
            if (len > 1 && len < 100_000_000L && path.toString().endsWith(".safetensors")) {
                throw new InvalidInputException(path + ": truncated safetensors file (header of " + len
                        + " bytes, file has " + size + ")");
            }
        }
        throw new InvalidInputException(path + ": not a checkpoint (expected a PyTorch zip .pt or a .safetensors file)");
    }
}

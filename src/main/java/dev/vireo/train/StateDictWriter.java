package dev.vireo.train;

import dev.vireo.InvalidInputException;
import dev.vireo.io.AtomicFiles;
import dev.vireo.tensor.Tensors;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes a float32 state dict that {@code torch.load} and the model readers load: a {@code .pt} zip in
 * {@code torch.save}'s layout ({@code archive/data.pkl} pickling an {@code OrderedDict} of
 * {@code torch._utils._rebuild_tensor_v2} calls, one storage per tensor in {@code archive/data/K}, records
 * 64-byte aligned as PyTorch writes them), or a {@code .safetensors} file, chosen by the extension. The
 * file appears atomically.
 */
public final class StateDictWriter {
    private static final long DOS_EPOCH_2000 = 946684800000L;

    private StateDictWriter() {}

    public static void write(Path target, Map<String, Tensor> stateDict) throws IOException {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, float[]> data = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        stateDict.forEach((k, t) -> {
            data.put(k, Tensors.toFloats(t));
            shapes.put(k, Tensors.shape(t));
        });
        if (name.endsWith(".safetensors")) {
            AtomicFiles.write(target, tmp -> writeSafetensors(tmp, data, shapes));
        } else if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".bin")) {
            AtomicFiles.write(target, tmp -> writeTorchZip(tmp, data, shapes));
        } else {
            throw new InvalidInputException(target + ": checkpoint name must end in .pt, .pth, .bin or .safetensors");
        }
    }

    private static byte[] littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    // ---- safetensors ----------------------------------------------------------------------------------

    private static void writeSafetensors(Path file, Map<String, float[]> data, Map<String, long[]> shapes) throws IOException {
        StringBuilder h = new StringBuilder("{");
        long at = 0;
        for (Map.Entry<String, float[]> e : data.entrySet()) {
            long n = 4L * e.getValue().length;
            h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":[");
            long[] s = shapes.get(e.getKey());
            for (int i = 0; i < s.length; i++) {
                h.append(i > 0 ? "," : "").append(s[i]);
            }
            h.append("],\"data_offsets\":[").append(at).append(',').append(at + n).append("]}");
            at += n;
        }
        h.append('}');
        while ((8 + h.length()) % 8 != 0) { // the format pads the header with spaces to 8-byte alignment
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (float[] v : data.values()) {
                out.write(littleEndian(v));
            }
        }
    }

    // ---- torch.save zip ---------------------------------------------------------------------------------

    private static void writeTorchZip(Path file, Map<String, float[]> data, Map<String, long[]> shapes) throws IOException {
        List<String> keys = new ArrayList<>(data.keySet());
        try (CountingStream counting = new CountingStream(Files.newOutputStream(file));
                ZipOutputStream zip = new ZipOutputStream(counting)) {
            stored(zip, counting, "archive/data.pkl", pickle(keys, shapes));
            stored(zip, counting, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < keys.size(); i++) {
                stored(zip, counting, "archive/data/" + i, littleEndian(data.get(keys.get(i))));
            }
            stored(zip, counting, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** An uncompressed entry whose data starts on a 64-byte boundary (padding in an "FB" extra field, as PyTorch does). */
    private static void stored(ZipOutputStream zip, CountingStream counting, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setTime(DOS_EPOCH_2000);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        long headerEnd = counting.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((64 - headerEnd % 64) % 64);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) (pad & 0xff);
        extra[3] = (byte) (pad >> 8);
        e.setExtra(extra);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Pickle protocol 2 of {@code OrderedDict(name -> _rebuild_tensor_v2(storage K, 0, size, stride, False, OrderedDict()))}. */
    static byte[] pickle(List<String> keys, Map<String, long[]> shapes) {
        Pickle p = new Pickle();
        p.op(0x80).op(2);
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('(');
        for (int i = 0; i < keys.size(); i++) {
            long[] size = shapes.get(keys.get(i));
            long numel = 1;
            long[] stride = new long[size.length];
            for (int d = size.length - 1; d >= 0; d--) {
                stride[d] = numel;
                numel *= size[d];
            }
            p.str(keys.get(i));
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(').str("storage").global("torch", "FloatStorage").str(Integer.toString(i)).str("cpu").integer(numel)
                    .op('t').op('Q');
            p.integer(0).tuple(size).tuple(stride).op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u').op('.');
        return p.out.toByteArray();
    }

    private static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int b) {
            out.write(b);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle integer(long v) {
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            } else { // LONG1 with 8 little-endian bytes
                op(0x8a).op(8);
                out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            }
            return this;
        }

        Pickle tuple(long[] v) {
            op('(');
            for (long x : v) {
                integer(x);
            }
            return op('t');
        }
    }
}

package dev.vireo.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format 1.0/2.0 read, 1.0 written), the exchange format for clips,
 * measurements and network outputs. Data are always handed out as float32 in C order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A float32 array with its shape. */
    public record Array(float[] data, long[] shape) {
        public int dim() {
            return shape.length;
        }
    }

    private Npy() {}

    public static Array read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new java.io.FileNotFoundException(path + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            return parse(all, path.toString());
        }
    }

    static Array parse(ByteBuffer buf, String name) throws IOException {
        if (buf.remaining() < 10) {
            throw new IOException(name + ": not a .npy file (too short)");
        }
        for (byte b : MAGIC) {
            if (buf.get() != b) {
                throw new IOException(name + ": not a .npy file (bad magic)");
            }
        }
        int major = buf.get() & 0xff;
        buf.get();
        int headerLen = major == 1 ? (buf.getShort() & 0xffff) : buf.getInt();
        byte[] hb = new byte[headerLen];
        buf.get(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name, "descr");
        if ("True".equals(find(FORTRAN, header, name, "fortran_order"))) {
            throw new IOException(name + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }
        List<Long> dims = new ArrayList<>();
        for (String s : find(SHAPE, header, name, "shape").split(",")) {
            if (!s.isBlank()) {
                dims.add(Long.parseLong(s.trim()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IOException(name + ": array of " + n + " elements is too large");
        }
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer data = buf.slice().order(order);
        String type = descr.substring(1);
        int width = Integer.parseInt(type.substring(1));
        if ((long) width * n > data.remaining()) {
            throw new IOException(name + ": truncated .npy file (header says " + n + " values of " + width
                    + " bytes, " + data.remaining() + " bytes present)");
        }
        float[] out = new float[(int) n];
        switch (type) {
            case "f4" -> data.asFloatBuffer().get(out);
            case "f8" -> { for (int i = 0; i < n; i++) out[i] = (float) data.getDouble(i * 8); }
            case "f2" -> { for (int i = 0; i < n; i++) out[i] = Half.toFloat(data.getShort(i * 2)); }
            case "i8" -> { for (int i = 0; i < n; i++) out[i] = data.getLong(i * 8); }
            case "i4" -> { for (int i = 0; i < n; i++) out[i] = data.getInt(i * 4); }
            case "u1" -> { for (int i = 0; i < n; i++) out[i] = data.get(i) & 0xff; }
            case "b1" -> { for (int i = 0; i < n; i++) out[i] = data.get(i) != 0 ? 1f : 0f; }
            default -> throw new IOException(name + ": unsupported .npy dtype " + descr
                    + " (float16/32/64, int32/64, uint8 and bool are read)");
        }
        return new Array(out, shape);
    }

    private static String find(Pattern p, String header, String name, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(name + ": .npy header has no '" + key + "'");
        }
        return m.group(1);
    }

    /** Writes float32, C order, format 1.0, atomically (temp file then rename). */
    public static void write(Path path, float[] data, long... shape) throws IOException {
        StringBuilder sb = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sb.append(", ");
            }
        }
        sb.append("), }");
        int total = 10 + sb.length() + 1;
        int pad = (64 - total % 64) % 64;
        sb.append(" ".repeat(pad)).append('\n');
        byte[] header = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        buf.asFloatBuffer().put(data);
        AtomicFiles.write(path, buf.array());
    }
}

package dev.vireo.io;

import dev.vireo.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Pattern DTYPE = Pattern.compile("([<>|=]?)([a-z]\\d{1,2})");
    private static final Pattern DIM = Pattern.compile("[0-9]{1,19}L?");

    /** A float32 array with its shape. */
    public record Array(float[] data, long[] shape) {
        /** A clip's values and shape [N, C, H, W]. */
        public static Array of(Clip c) {
            return new Array(c.data(), c.shape());
        }

        public int dim() {
            return shape.length;
        }
    }

    private Npy() {}

    /** Reads a file; an I/O failure is an IOException, a malformed file an {@link InvalidInputException}. */
    public static Array read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new java.io.FileNotFoundException(path + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            return parse(all, path.toString());
        }
    }

    /**
     * Parses a whole {@code .npy} file. A malformed file is the user's input, so every format problem is an
     * {@link InvalidInputException} naming the file and what is wrong with it.
     */
    static Array parse(ByteBuffer buf, String name) {
        if (buf.remaining() < 10) {
            throw bad(name, "not a .npy file (too short)");
        }
        for (byte b : MAGIC) {
            if (buf.get() != b) {
                throw bad(name, "not a .npy file (bad magic)");
            }
        }
        int major = buf.get() & 0xff;
        buf.get();
        if (major < 1 || major > 3) {
            throw bad(name, "unsupported .npy format version " + major + " (1, 2 and 3 are read)");
        }
        if (buf.remaining() < (major == 1 ? 2 : 4)) {
            throw bad(name, "not a .npy file (too short)");
        }
        long headerLen = major == 1 ? (buf.getShort() & 0xffff) : Integer.toUnsignedLong(buf.getInt());
        if (headerLen > buf.remaining()) {
            throw bad(name, "header length " + headerLen + " runs past the end of the file ("
                    + buf.remaining() + " bytes follow)");
        }
        byte[] hb = new byte[(int) headerLen];
        buf.get(hb);
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name, "descr");
        if ("True".equals(find(FORTRAN, header, name, "fortran_order"))) {
            throw bad(name, "Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }
        long[] shape = shape(find(SHAPE, header, name, "shape"), name);
        long n = 1;
        for (long d : shape) {
            if (d > Integer.MAX_VALUE || (n = n * d) > Integer.MAX_VALUE) {
                throw bad(name, "array of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        Matcher dt = DTYPE.matcher(descr);
        if (!dt.matches()) {
            throw unsupported(name, descr);
        }
        ByteOrder order = ">".equals(dt.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer data = buf.slice().order(order);
        String type = dt.group(2);
        int width = Integer.parseInt(type.substring(1));
        if ((long) width * n > data.remaining()) {
            throw bad(name, "truncated .npy file (header says " + n + " values of " + width
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
            default -> throw unsupported(name, descr);
        }
        return new Array(out, shape);
    }

    /** The dimensions of a shape tuple's body ("4, 3, 64, 64" or "16,"): ASCII digits only, none negative. */
    private static long[] shape(String tuple, String name) {
        String[] parts = tuple.split(",", -1);
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].strip();
            if (s.isEmpty() && (i == parts.length - 1 || parts.length == 1)) {
                continue; // the tuple's trailing comma, or ()
            }
            if (!DIM.matcher(s).matches()) {
                throw bad(name, "bad dimension '" + InvalidInputException.excerpt(s) + "' in the .npy shape"
                        + (s.startsWith("-") ? " (dimensions cannot be negative)" : ""));
            }
            dims.add(Long.parseLong(s));
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static InvalidInputException unsupported(String name, String descr) {
        return bad(name, "unsupported .npy dtype " + InvalidInputException.excerpt(descr)
                + " (float16/32/64, int32/64, uint8 and bool are read; object arrays never)");
    }

    private static InvalidInputException bad(String name, String problem) {
        return new InvalidInputException(name + ": " + problem);
    }

    private static String find(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw bad(name, ".npy header has no '" + key + "'");
        }
        return m.group(1);
    }

    /** Refuses NaN and infinities: a measurement holding them would be silently ignored by the solvers. */
    public static void requireFinite(float[] data, long[] shape, String name) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidInputException(name + " holds " + data[i] + " at " + Arrays.toString(index(i, shape))
                        + "; every value must be a finite number");
            }
        }
    }

    private static long[] index(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            long n = Math.max(1, shape[d]);
            idx[d] = flat % n;
            flat /= n;
        }
        return idx;
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

package dev.vireo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vireo.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code .npy} reader against hostile files: seeded generated headers and mutated bytes must each give
 * an array or an {@link InvalidInputException}, never another exception.
 */
class NpyFuzzTest {
    static final int CASES = 4000;
    private static final String[] DESCRS = {"<f4", ">f4", "<f8", "<f2", "<i4", "<i8", "|u1", "|b1", "|O", "<c8",
            "<U3", "f4", "<f", "<f999", "", "<f4'", "|V8", "=f4"};

    @Test
    void generatedFilesGiveAnArrayOrInvalidInput() {
        Random rnd = new Random(20261201);
        int arrays = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] file = generate(rnd);
            try {
                Npy.Array a = Npy.parse(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN), "case" + i + ".npy");
                long n = 1;
                for (long d : a.shape()) {
                    assertTrue(d >= 0, "negative dimension accepted in case " + i);
                    n *= d;
                }
                assertEquals(n, a.data().length, "case " + i);
                arrays++;
            } catch (InvalidInputException expected) {
                assertTrue(expected.getMessage().startsWith("case" + i + ".npy: "), expected.getMessage());
                assertTrue(expected.getMessage().length() < 400, "message too long: " + expected.getMessage().length());
                refused++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + " (" + printable(file) + ") threw " + e, e);
            }
        }
        // The generator must exercise both outcomes, or it tests nothing.
        assertTrue(arrays > CASES / 20 && refused > CASES / 20, arrays + " arrays, " + refused + " refused");
        System.out.println("npy fuzz: " + CASES + " cases, " + arrays + " arrays, " + refused + " refused");
    }

    @Test
    void namedMalformations() {
        assertRefused(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3, 8, 8), }", 256), "negative");
        assertRefused(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 3), }", 0),
                "too large");
        assertRefused(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3037000500, 3037000500), }", 0),
                "too large");
        assertRefused(file(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 16), "object arrays");
        assertRefused(file(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8), "version 4");
        byte[] past = file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
        past[8] = (byte) 0xff;
        past[9] = (byte) 0xff;
        assertRefused(past, "past the end");
        assertRefused(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (\u0662,), }", 8), "bad dimension");
        // Version 3 (UTF-8 header, 4-byte length) is a real format: read.
        assertEquals(2, Npy.parse(ByteBuffer.wrap(file(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8))
                .order(ByteOrder.LITTLE_ENDIAN), "v3").data().length);
    }

    private static void assertRefused(byte[] f, String expect) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Npy.parse(ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN), "x.npy"));
        assertTrue(e.getMessage().contains(expect), e.getMessage());
    }

    static byte[] file(int major, String header, int dataBytes) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(h);
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    private static byte[] generate(Random rnd) {
        int major = rnd.nextInt(10) < 8 ? 1 + rnd.nextInt(3) : rnd.nextInt(256);
        StringBuilder shape = new StringBuilder();
        int dims = rnd.nextInt(6);
        long n = 1;
        for (int d = 0; d < dims; d++) {
            String dim = switch (rnd.nextInt(12)) {
                case 0 -> "-" + rnd.nextInt(100);
                case 1 -> String.valueOf(rnd.nextLong());
                case 2 -> "4294967296";
                case 3 -> "x";
                case 4 -> "";
                case 5 -> "99999999999999999999999";
                case 6 -> "\u0663";
                default -> String.valueOf(1 + rnd.nextInt(6));
            };
            shape.append(dim).append(rnd.nextInt(8) == 0 ? ",," : ", ");
            try {
                n *= Long.parseLong(dim);
            } catch (NumberFormatException e) {
                n = 0;
            }
        }
        String descr = DESCRS[rnd.nextInt(DESCRS.length)];
        String header = rnd.nextInt(20) == 0 ? randomText(rnd, rnd.nextInt(80))
                : "{'descr': '" + descr + "', 'fortran_order': " + (rnd.nextInt(10) == 0 ? "True" : "False")
                        + ", 'shape': (" + shape + "), }";
        int data = (int) Math.max(0, Math.min(4096, n > 0 ? n * 8 : rnd.nextInt(64)));
        if (rnd.nextInt(4) == 0) {
            data = rnd.nextInt(data + 1);
        }
        byte[] f = file(major, header, data);
        switch (rnd.nextInt(6)) {
            case 0 -> { // flip a few bytes anywhere
                for (int k = rnd.nextInt(4); k >= 0; k--) {
                    f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> { // cut the file short
                byte[] cut = new byte[rnd.nextInt(f.length + 1)];
                System.arraycopy(f, 0, cut, 0, cut.length);
                f = cut;
            }
            case 2 -> { // a header length that lies
                if (f.length > 10) {
                    f[8] = (byte) rnd.nextInt(256);
                    f[9] = (byte) rnd.nextInt(256);
                }
            }
            default -> { }
        }
        return f;
    }

    private static String randomText(Random rnd, int len) {
        String alphabet = "{}()[]:,' 0123456789-descrshapefortran_orderTrueFalse<>|f4i8u1b1O\u0660\u00e9";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String printable(byte[] f) {
        return new String(f, 0, Math.min(f.length, 120), StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
    }
}

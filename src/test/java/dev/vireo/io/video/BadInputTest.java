package dev.vireo.io.video;

import static dev.vireo.io.video.VideoTestSupport.CARPHONE;
import static org.junit.jupiter.api.Assertions.*;

import dev.vireo.InvalidInputException;
import dev.vireo.io.Clip;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake ends in one InvalidInputException line that names the file and the problem. */
class BadInputTest {
    @TempDir
    Path dir;

    private static String fails(Executable e, Path file, String... words) {
        InvalidInputException x = assertThrows(InvalidInputException.class, e);
        String m = x.getMessage();
        System.out.println("message: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(file.getFileName().toString()), "names the file: " + m);
        for (String w : words) {
            assertTrue(m.contains(w), "says '" + w + "': " + m);
        }
        return m;
    }

    private static Clip tiny(int w, int h) {
        return new Clip(new float[3 * 3 * h * w], 3, 3, h, w, 25);
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.mp4");
        fails(() -> Videos.read(p, ReadOptions.defaults()), p, "no such file");
    }

    @Test
    void textFileNamedMp4() throws Exception {
        Path p = dir.resolve("notes.mp4");
        Files.writeString(p, "These are my holiday notes, not a video.\n".repeat(20));
        fails(() -> Videos.read(p, ReadOptions.defaults()), p, "not a video");
    }

    @Test
    void emptyFile() throws Exception {
        Path p = dir.resolve("empty.mkv");
        Files.write(p, new byte[0]);
        fails(() -> Videos.read(p, ReadOptions.defaults()), p, "empty");
    }

    @Test
    void truncatedMp4() throws Exception {
        Path p = dir.resolve("cut.mp4");
        try (InputStream in = Files.newInputStream(CARPHONE)) {
            Files.write(p, in.readNBytes(3000));
        }
        fails(() -> Videos.read(p, ReadOptions.defaults()), p, "corrupt or truncated");
    }

    @Test
    void unknownVideoCodec() throws Exception {
        Path good = dir.resolve("good.mkv");
        Videos.write(good, tiny(16, 16), WriteOptions.defaults());
        // Rename the Matroska codec id V_FFV1 to an id no decoder knows (same length keeps the file valid).
        byte[] b = Files.readAllBytes(good);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("V_FFV1");
        assertTrue(at > 0);
        b[at + 2] = 'Q';
        Path odd = dir.resolve("odd.mkv");
        Files.write(odd, b);
        fails(() -> Videos.read(odd, ReadOptions.defaults()), odd, "unsupported video codec");
    }

    @Test
    void badNpyShape() throws Exception {
        Path p = dir.resolve("x.npy");
        dev.vireo.io.Npy.write(p, new float[12], 3, 4);
        fails(() -> Videos.read(p, ReadOptions.defaults()), p, "[frames, 3, height, width]");
    }

    @Test
    void startPastTheEnd() {
        fails(() -> Videos.read(CARPHONE, ReadOptions.defaults().start(500)), CARPHONE, "no frames from index 500", "120");
    }

    @Test
    void unsupportedOutputFormat() throws Exception {
        Path p = dir.resolve("out.xyz");
        fails(() -> Videos.write(p, tiny(16, 16), WriteOptions.defaults()), p, "unsupported output format");
        assertEquals(List.of(), listing());
    }

    @Test
    void outputFolderCannotBeCreated() throws Exception {
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "x");
        Path under = file.resolve("out.mp4");
        fails(() -> Videos.write(under, tiny(16, 16), WriteOptions.defaults()), under, "cannot create the output folder");
        Path proc = Path.of("/proc/vireo-no-such-dir/out.mkv");
        fails(() -> Videos.write(proc, tiny(16, 16), WriteOptions.defaults()), proc, "cannot create the output folder");
        assertEquals(List.of("plain.txt"), listing());
    }

    @Test
    void oddSizeMp4FailsWithoutLeavingFiles() throws Exception {
        Path p = dir.resolve("odd.mp4");
        fails(() -> Videos.write(p, tiny(17, 16), WriteOptions.defaults()), p, "even width and height");
        assertEquals(List.of(), listing());
    }

    @Test
    void failedStreamingWriteLeavesNothing() throws Exception {
        for (String name : new String[] {"a.mp4", "b.mkv", "c.gif", "d.npy", "frames"}) {
            Path p = dir.resolve(name);
            VideoSink sink = Videos.create(p, WriteOptions.defaults(), 25);
            sink.write(tiny(16, 16));
            assertThrows(InvalidInputException.class, () -> sink.write(tiny(32, 16)), name);
            sink.close(); // after a failed write, close discards instead of committing
            assertEquals(List.of(), listing(), name);
            VideoSink aborted = Videos.create(p, WriteOptions.defaults(), 25);
            aborted.write(tiny(16, 16));
            aborted.abort();
            assertEquals(List.of(), listing(), name + " abort");
        }
    }

    @Test
    void everySinkSharesOneLifeCycle() throws Exception {
        for (String name : new String[] {"a.mp4", "b.mkv", "c.gif", "d.npy", "frames"}) {
            Path p = dir.resolve(name);
            // A rejected grey window fails the sink like any other failed write: nothing is committed.
            VideoSink grey = Videos.create(p, WriteOptions.defaults(), 25);
            grey.write(tiny(16, 16));
            assertThrows(InvalidInputException.class, () -> grey.write(new Clip(new float[16 * 16], 1, 1, 16, 16, 25)), name);
            grey.close();
            assertEquals(List.of(), listing(), name + " grey");
            VideoSink empty = Videos.create(p, WriteOptions.defaults(), 25);
            assertThrows(IllegalStateException.class, empty::close, name + " empty");
            assertEquals(List.of(), listing(), name + " empty");
            VideoSink done = Videos.create(p, WriteOptions.defaults(), 25);
            done.write(tiny(16, 16));
            done.close();
            done.close(); // a second close is a no-op
            done.abort(); // and so is an abort after the commit
            assertTrue(Files.exists(p), name);
            assertThrows(IllegalStateException.class, () -> done.write(tiny(16, 16)), name + " closed");
            assertEquals(3, Videos.read(p, ReadOptions.defaults()).frames(), name);
            PngFolderSink.deleteTree(p);
        }
    }

    @Test
    void missingAudioSource() throws Exception {
        Path p = dir.resolve("out.mp4");
        Path audio = dir.resolve("no-audio-here.m4a");
        fails(() -> Videos.write(p, tiny(16, 16), WriteOptions.defaults().audioFrom(audio)), audio, "not found");
        assertEquals(List.of(), listing());
    }

    @Test
    void imageFolderWithoutFrames() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("shots"));
        fails(() -> Videos.read(empty, ReadOptions.defaults()), empty, "no .png/.jpg/.jpeg frames");
    }
}

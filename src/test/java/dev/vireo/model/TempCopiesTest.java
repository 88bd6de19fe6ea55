package dev.vireo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempCopiesTest {
    @Test
    void copiesOfDeadProcessesAreRemovedAndLiveOnesKept(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path orphan = Files.createFile(dir.resolve("vireo-model-" + p.pid() + "-vireo-tiny-123.pt"));
        Path mine = Files.createFile(dir.resolve("vireo-model-" + ProcessHandle.current().pid() + "-vireo-tiny-456.pt"));
        Path other = Files.createFile(dir.resolve("unrelated.pt"));
        assertEquals(1, TempCopies.removeOrphans(dir));
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(mine) && Files.exists(other));
    }

    @Test
    void aCopyIsDeletedOnceLoadedAndOnlyThisProcesssCopies(@TempDir Path dir) throws Exception {
        Path copy = TempCopies.create("vireo-tiny");
        assertTrue(TempCopies.isCopy(copy));
        TempCopies.delete(copy);
        assertFalse(Files.exists(copy));
        Path notACopy = Files.createFile(dir.resolve("vireo-tiny.pt"));
        TempCopies.delete(notACopy);
        assertTrue(Files.exists(notACopy));
    }
}

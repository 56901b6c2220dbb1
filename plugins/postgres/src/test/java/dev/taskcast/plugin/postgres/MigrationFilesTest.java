package dev.taskcast.plugin.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped files are the database contract: storage.md §5.2 lists their sizes and SHA-384. */
class MigrationFilesTest {
    @Test
    void shippedFilesHaveTheSpecifiedChecksums() {
        List<Migration> all = Migration.all();

        assertEquals(List.of("001_initial.sql", "002_workers.sql"), all.stream().map(Migration::fileName).toList());
        assertEquals(859, all.get(0).bytes().length);
        assertEquals(755, all.get(1).bytes().length);
        assertEquals("0680f388dd8839f579252c07504828f2b84e30d4327dc2e1c17aee00d436c08ceda61954130f055301feb9030063edf9",
                HexFormat.of().formatHex(all.get(0).checksum()));
        assertEquals("95a13e80cc0b205111fdc22ca2e8a8358dd095da005955fe9f17073d994963aa37e10e8bc9ed558f28358ce285b5fe0e",
                HexFormat.of().formatHex(all.get(1).checksum()));
        assertEquals(48, all.get(0).checksum().length, "raw 48-byte digest, not hex text");
    }

    @Test
    void versionAndDescriptionComeFromTheFileName() {
        Migration initial = Migration.all().get(0);
        Migration workers = Migration.all().get(1);
        Migration spaced = Migration.of("014_add_more_things.sql", new byte[0]);

        assertEquals(1, initial.version());
        assertEquals("initial", initial.description());
        assertEquals(2, workers.version());
        assertEquals("workers", workers.description());
        assertEquals(14, spaced.version());
        assertEquals("add more things", spaced.description(), "underscores become spaces");
        assertThrows(IllegalArgumentException.class, () -> Migration.of("initial.sql", new byte[0]));
    }

    @Test
    void theFilesAreLineFeedTerminatedAscii() {
        for (Migration m : Migration.all()) {
            byte[] b = m.bytes();
            assertEquals('\n', b[b.length - 1], m.fileName());
            for (byte x : b) {
                assertEquals(true, x != '\r' && x >= 0, m.fileName() + " must be LF-only ASCII");
            }
        }
    }
}

package dev.taskcast.plugin.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * One shipped migration file (storage.md §5.2): {@code NNN_description.sql}, its exact bytes and their
 * SHA-384, which is what {@code _sqlx_migrations.checksum} holds.
 */
record Migration(String fileName, long version, String description, byte[] bytes, byte[] checksum) {
    /** Classpath folder of the files; the pom copies them there from the top-level migrations/postgres. */
    static final String RESOURCE_DIR = "/dev/taskcast/plugin/postgres/migrations/";

    /**
     * The files this server ships, in version order. Listed here because a folder inside a jar
     * cannot be enumerated reliably.
     */
    static final List<String> FILES = List.of("001_initial.sql", "002_workers.sql");

    private static final List<Migration> ALL = FILES.stream().map(Migration::load).toList();

    static List<Migration> all() {
        return ALL;
    }

    /** The SQL to execute; the files are ASCII, so decoding does not change what the checksum covers. */
    String sql() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Migration load(String fileName) {
        byte[] bytes;
        try (InputStream in = Migration.class.getResourceAsStream(RESOURCE_DIR + fileName)) {
            if (in == null) {
                throw new IllegalStateException("migration " + fileName + " is missing from the plugin jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + fileName, e);
        }
        return of(fileName, bytes);
    }

    /** Version and description from the name: {@code 002_workers.sql} → 2, {@code workers}. */
    static Migration of(String fileName, byte[] bytes) {
        String stem = fileName.endsWith(".sql") ? fileName.substring(0, fileName.length() - 4) : fileName;
        int underscore = stem.indexOf('_');
        if (underscore <= 0) {
            throw new IllegalArgumentException("migration file name must be NNN_description.sql: " + fileName);
        }
        long version = Long.parseLong(stem.substring(0, underscore));
        String description = stem.substring(underscore + 1).replace('_', ' ');
        return new Migration(fileName, version, description, bytes.clone(), sha384(bytes));
    }

    static byte[] sha384(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is required by every Java platform", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public byte[] checksum() {
        return checksum.clone();
    }
}

package dev.taskcast.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;

/**
 * Measured figures, printed and appended to {@code target/reliability/figures.txt} (docs/reliability.md
 * quotes them), one line each: {@code <timestamp> <test> <name> = <value>}.
 */
public final class Figures {
    private Figures() {
    }

    public static synchronized void record(String test, String name, Object value) {
        String line = Instant.now() + " " + test + " " + name + " = " + value;
        System.out.println("[figure] " + line);
        Path file = Path.of(System.getProperty("taskcast.work", "target/reliability")).resolve("figures.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code p}-th percentile (0–100) of {@code values} (sorted in place). */
    public static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return -1;
        }
        Arrays.sort(values);
        int i = (int) Math.ceil(p / 100.0 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, i))];
    }

    /** Used heap after a full collection, in MiB (in-process servers: includes the test's own objects). */
    public static long heapAfterGcMiB() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }
}

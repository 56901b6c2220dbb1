package dev.taskcast.server.logging;

import dev.taskcast.engine.config.LogLevel;
import java.util.logging.Level;

/** Between the server's four levels and java.util.logging's. */
final class Levels {
    private Levels() {
    }

    static Level toJul(LogLevel level) {
        return switch (level) {
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
    }

    /** {@code debug}, {@code info}, {@code warn} or {@code error}. */
    static String name(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (v >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (v >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }
}

package dev.taskcast.engine.config;

import java.util.Locale;
import java.util.Optional;

/** Server log threshold (config-cli.md §2 {@code TASKCAST_LOG_LEVEL}). */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR;

    /** Case-insensitive and trimmed, as the original reads {@code TASKCAST_LOG_LEVEL}. */
    public static Optional<LogLevel> parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "debug" -> Optional.of(DEBUG);
            case "info" -> Optional.of(INFO);
            case "warn" -> Optional.of(WARN);
            case "error" -> Optional.of(ERROR);
            default -> Optional.empty();
        };
    }

    /** The lower-case name used in configuration and JSON log lines. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

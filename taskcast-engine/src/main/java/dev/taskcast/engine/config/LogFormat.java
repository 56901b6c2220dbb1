package dev.taskcast.engine.config;

import java.util.Locale;
import java.util.Optional;

/** How the server writes its log lines: readable text, or one JSON object per line for log shippers. */
public enum LogFormat {
    TEXT, JSON;

    /** Case-insensitive and trimmed: {@code text} or {@code json}. */
    public static Optional<LogFormat> parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** The lower-case name used in configuration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

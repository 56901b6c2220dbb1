package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Event level. */
public enum Level {
    DEBUG("debug"),
    INFO("info"),
    WARN("warn"),
    ERROR("error");

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(Level::wireName).toList();

    private final String wireName;

    Level(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Level> parse(String wire) {
        for (Level l : values()) {
            if (l.wireName.equals(wire)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    public static Level fromWire(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown level: " + wire));
    }

    @Override
    public String toString() {
        return wireName;
    }
}

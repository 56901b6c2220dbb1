package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How events sharing a series id are kept (model.md §8). */
public enum SeriesMode {
    KEEP_ALL("keep-all"),
    ACCUMULATE("accumulate"),
    LATEST("latest");

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(SeriesMode::wireName).toList();

    private final String wireName;

    SeriesMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<SeriesMode> parse(String wire) {
        for (SeriesMode m : values()) {
            if (m.wireName.equals(wire)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    public static SeriesMode fromWire(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown series mode: " + wire));
    }

    @Override
    public String toString() {
        return wireName;
    }
}

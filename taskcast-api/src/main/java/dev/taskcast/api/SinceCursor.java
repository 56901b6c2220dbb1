package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A history cursor (model.md §9.5). {@code index} and {@code timestamp} are doubles because the
 * wire parses them with JavaScript {@code Number()}: they may be fractional or NaN, and a NaN
 * cursor matches nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SinceCursor(String id, Double index, Double timestamp) {
    public static final SinceCursor NONE = new SinceCursor(null, null, null);

    public static SinceCursor ofId(String id) {
        return new SinceCursor(id, null, null);
    }

    public static SinceCursor ofIndex(double index) {
        return new SinceCursor(null, index, null);
    }

    public static SinceCursor ofTimestamp(double timestamp) {
        return new SinceCursor(null, null, timestamp);
    }

    public boolean isEmpty() {
        return (id == null || id.isEmpty()) && index == null && timestamp == null;
    }
}

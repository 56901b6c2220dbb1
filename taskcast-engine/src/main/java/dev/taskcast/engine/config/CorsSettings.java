package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Java-only {@code cors} key (http-api.md §9): off by default, {@code true} for any origin,
 * or {@code {origin: <origin> | [<origin>, …]}} for listed origins.
 */
public record CorsSettings(Mode mode, List<String> origins) {

    public enum Mode { OFF, ANY_ORIGIN, LISTED_ORIGINS }

    public static final CorsSettings OFF = new CorsSettings(Mode.OFF, List.of());
    public static final CorsSettings ANY_ORIGIN = new CorsSettings(Mode.ANY_ORIGIN, List.of());

    public CorsSettings {
        Objects.requireNonNull(mode, "mode");
        origins = List.copyOf(origins);
    }

    public static CorsSettings listed(List<String> origins) {
        return new CorsSettings(Mode.LISTED_ORIGINS, origins);
    }

    /** Reads the config value; absent and {@code false} are off, an object without {@code origin} allows any origin. */
    static CorsSettings read(JsonNode node) {
        if (node == null || node.isNull() || (node.isBoolean() && !node.booleanValue())) {
            return OFF;
        }
        if (node.isBoolean()) {
            return ANY_ORIGIN;
        }
        if (node.isObject()) {
            JsonNode origin = node.get("origin");
            if (origin == null || origin.isNull() || (origin.isTextual() && origin.textValue().equals("*"))) {
                return ANY_ORIGIN;
            }
            if (origin.isTextual()) {
                return listed(List.of(origin.textValue()));
            }
            if (origin.isArray()) {
                List<String> origins = new ArrayList<>();
                for (JsonNode o : origin) {
                    if (!o.isTextual()) {
                        throw invalid();
                    }
                    origins.add(o.textValue());
                }
                return listed(origins);
            }
        }
        throw invalid();
    }

    private static ConfigException invalid() {
        return new ConfigException("cors must be true or {origin: <origin> | [<origin>, ...]}");
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }
}

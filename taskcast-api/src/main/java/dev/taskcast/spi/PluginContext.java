package dev.taskcast.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a factory gets to build its adapter: the adapter's own YAML block as a map (with
 * {@code provider} and every other key the user wrote), and the process environment to read
 * fallbacks such as {@code TASKCAST_REDIS_URL}.
 */
public record PluginContext(Map<String, Object> options, Map<String, String> environment) {

    public PluginContext {
        // Not Map.copyOf: a YAML block may hold null values.
        options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    public static PluginContext of(Map<String, Object> options) {
        return new PluginContext(options, System.getenv());
    }

    /** A string option, or {@code null} when absent or empty. */
    public String stringOption(String key) {
        Object v = options.get(key);
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }

    /** An environment variable, or {@code null} when unset or empty. */
    public String env(String name) {
        String v = environment.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}

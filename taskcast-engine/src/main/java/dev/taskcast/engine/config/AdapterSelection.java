package dev.taskcast.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One enabled adapter or hook provider: the provider name the plugin registry looks up, and the
 * block the user wrote for it (including {@code provider}, and for storage adapters the resolved
 * {@code url}), handed to the factory as {@code PluginContext.options()}.
 */
public record AdapterSelection(String provider, Map<String, Object> options) {

    public AdapterSelection {
        Objects.requireNonNull(provider, "provider");
        // Not Map.copyOf: a YAML block may hold null values.
        options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
    }

    /** A provider with no options but its own name. */
    public static AdapterSelection of(String provider) {
        return new AdapterSelection(provider, Map.of("provider", provider));
    }

    /** Shows the provider and the URL without credentials only: options may hold passwords. */
    @Override
    public String toString() {
        return "AdapterSelection[provider=" + provider + (url() == null ? "" : ", url=" + UrlCredentials.strip(url())) + "]";
    }

    /** The {@code url} option, or {@code null}. */
    public String url() {
        Object url = options.get("url");
        return url == null ? null : url.toString();
    }
}

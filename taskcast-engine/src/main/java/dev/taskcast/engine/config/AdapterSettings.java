package dev.taskcast.engine.config;

import java.util.Objects;

/**
 * The storage layers chosen by config-cli.md §3.2. Broadcast and short-term store always use the
 * same backend ({@code memory} or {@code redis}); {@code longTerm} is {@code null} when there is no
 * long-term store.
 */
public record AdapterSettings(AdapterSelection broadcast, AdapterSelection shortTerm, AdapterSelection longTerm) {

    public AdapterSettings {
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(shortTerm, "shortTerm");
    }

    /** In-process broadcast and short-term store, no long-term store: the built-in default. */
    public static AdapterSettings memory() {
        return new AdapterSettings(AdapterSelection.of("memory"), AdapterSelection.of("memory"), null);
    }

    /** The startup-log description of the short-term store: {@code memory} or {@code redis @ <url without credentials>}. */
    public String describeShortTerm() {
        String url = shortTerm.url();
        return url == null ? shortTerm.provider() : shortTerm.provider() + " @ " + UrlCredentials.strip(url);
    }

    /** The startup-log description of the long-term store: its provider or {@code (none)}. */
    public String describeLongTerm() {
        return longTerm == null ? "(none)" : longTerm.provider();
    }
}

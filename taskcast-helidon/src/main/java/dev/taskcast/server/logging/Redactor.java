package dev.taskcast.server.logging;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.ServerConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last line of defence against secrets in logs: every formatted log line passes through it.
 * It masks the credentials of any URL ({@code scheme://user:pass@host} → {@code scheme://***@host})
 * and every known secret value of the configuration (JWT secret, passwords of adapter URLs, hook
 * options named like a secret).
 */
public final class Redactor {
    private static final Pattern URL_CREDENTIALS = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s\"]+@");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|apikey|api_key|"
            + "credential|privatekey|private_key).*");
    /** Shorter values are not masked (they would mask ordinary words). */
    private static final int MIN_SECRET_LENGTH = 4;

    public static final Redactor URLS_ONLY = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(Collection<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String v : secrets) {
            if (v != null && v.length() >= MIN_SECRET_LENGTH && !s.contains(v)) {
                s.add(v);
            }
        }
        s.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(s);
    }

    /** Masks URL credentials and the given literal values. */
    public static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets);
    }

    /** The secret values of {@code config}. */
    public static Redactor forConfig(ServerConfig config) {
        List<String> secrets = new ArrayList<>();
        if (config.auth().jwt() != null) {
            secrets.add(config.auth().jwt().secret());
        }
        List<AdapterSelection> selections = new ArrayList<>(config.hooks());
        selections.add(config.adapters().broadcast());
        selections.add(config.adapters().shortTerm());
        if (config.adapters().longTerm() != null) {
            selections.add(config.adapters().longTerm());
        }
        for (AdapterSelection s : selections) {
            collect(s.options(), secrets);
        }
        return new Redactor(secrets);
    }

    private static void collect(Map<String, Object> options, List<String> secrets) {
        for (Map.Entry<String, Object> e : options.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String text) {
                if (SECRET_NAME.matcher(e.getKey()).matches()) {
                    secrets.add(text);
                }
                secrets.add(urlPassword(text));
            } else if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) nested;
                collect(m, secrets);
            }
        }
    }

    /** The password (or the whole user info) of a URL, or {@code null}. */
    private static String urlPassword(String text) {
        if (!text.contains("://") || !text.contains("@")) {
            return null;
        }
        try {
            String userInfo = URI.create(text.trim()).getRawUserInfo();
            if (userInfo == null) {
                return null;
            }
            int colon = userInfo.indexOf(':');
            return colon < 0 ? userInfo : userInfo.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code text} with URL credentials and known secrets replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = maskUrlCredentials(text);
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    /** {@code scheme://user:pass@host} → {@code scheme://***@host}, as in the 5xx log line (http-api.md §1.4). */
    public static String maskUrlCredentials(String text) {
        return text == null || !text.contains("@") ? text : URL_CREDENTIALS.matcher(text).replaceAll("$1***@");
    }
}

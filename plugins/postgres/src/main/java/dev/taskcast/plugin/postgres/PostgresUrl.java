package dev.taskcast.plugin.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A libpq-style URL ({@code postgres://user:pass@host:port/db?param=value}, also {@code postgresql://})
 * as the original accepts it (config-cli.md §2), converted to what the JDBC driver wants: a
 * {@code jdbc:postgresql://} URL without credentials plus connection properties.
 *
 * <p>Parsed by hand rather than with {@link java.net.URI}: libpq URLs may list several hosts
 * ({@code h1:5432,h2:5432}), which {@code URI} cannot represent as a server authority.
 */
record PostgresUrl(String hosts, String database, String user, String password, Map<String, String> params) {
    static final int DEFAULT_PORT = 5432;

    /** libpq parameter names whose JDBC driver property is spelled differently. */
    private static final Map<String, String> LIBPQ_TO_JDBC = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "dbname", "PGDBNAME",
            "host", "PGHOST",
            "port", "PGPORT");

    PostgresUrl {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * @throws IllegalArgumentException when the scheme is not {@code postgres}/{@code postgresql}
     *                                  (the message never repeats the URL: it may hold a password)
     */
    static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL is empty");
        }
        String s = url.trim();
        if (s.regionMatches(true, 0, "jdbc:", 0, 5)) {
            s = s.substring(5);
        }
        int colon = s.indexOf("://");
        String scheme = colon < 0 ? "" : s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw new IllegalArgumentException(
                    "invalid PostgreSQL URL: expected postgres://[user[:password]@]host[:port]/database");
        }
        String rest = s.substring(colon + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int c = userInfo.indexOf(':');
            user = decode(c < 0 ? userInfo : userInfo.substring(0, c));
            password = c < 0 ? null : decode(userInfo.substring(c + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (key) {
                case "user" -> user = value;
                case "password" -> password = value;
                default -> params.put(key, value);
            }
        }
        String hosts = rest.isEmpty() ? "localhost" : rest;
        String database = decode(path);
        return new PostgresUrl(hosts, database.isEmpty() ? null : database, emptyToNull(user),
                emptyToNull(password), params);
    }

    /** {@code jdbc:postgresql://hosts/db}; credentials and parameters travel as {@link #properties()}. */
    String jdbcUrl() {
        String db = database == null ? "" : URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        return "jdbc:postgresql://" + hosts + "/" + db;
    }

    /** Driver properties: the URL's query parameters (libpq names translated), without user/password. */
    Properties properties() {
        Properties p = new Properties();
        params.forEach((k, v) -> p.setProperty(LIBPQ_TO_JDBC.getOrDefault(k, k), v));
        return p;
    }

    /** {@code host:port/db} for messages: no credentials, default port spelled out. */
    String target() {
        String shown = hosts;
        if (!hosts.contains(",") && !hasPort(hosts)) {
            shown = hosts + ":" + DEFAULT_PORT;
        }
        return shown + "/" + (database == null ? (user == null ? "" : user) : database);
    }

    /** This URL with an extra query parameter (tests use it to pin {@code currentSchema}). */
    PostgresUrl withParam(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(key, value);
        return new PostgresUrl(hosts, database, user, password, p);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "PostgresUrl[" + (user == null ? "" : user + "@") + target() + "]";
    }

    private static boolean hasPort(String host) {
        int close = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        return colon > close && (close >= 0 || host.indexOf(':') == colon);
    }

    private static String decode(String s) {
        // URLDecoder would turn '+' into a space; in a URL's user info and path '+' is literal.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

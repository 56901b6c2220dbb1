package dev.taskcast.server.ui;

import io.helidon.common.Weighted;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read-only web console: the static files under {@code dev/taskcast/server/ui/} on the class
 * path, served at {@code GET /ui/} (config {@code ui.enabled}, default on).
 *
 * <p>The console is a plain browser client of the public REST and SSE endpoints: it holds no data
 * and has no server-side logic, so its routes are unauthenticated (the API calls it makes carry the
 * token the user types). It is a Helidon feature weighted above the main routing, so nothing in the
 * API routing knows about it and the API does not depend on it; {@code /ui} paths are not API
 * routes (metrics label them {@code (unmatched)}).
 *
 * <p>Only the files listed in {@link #FILES} exist: the request path is looked up in that table,
 * never resolved against a file system. Responses carry an ETag and {@code Cache-Control: no-cache}
 * (revalidated on every load, answered 304 while unchanged), and a strict Content-Security-Policy:
 * scripts and styles only from the console itself, network access only to this origin.
 */
public final class WebConsole implements HttpFeature, Weighted {
    /** The class-path folder of the console's files. */
    static final String RESOURCE_DIR = "dev/taskcast/server/ui/";
    /** Above the main routing (100), which answers every other path, below Helidon's security features. */
    private static final double WEIGHT = 150;
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=UTF-8",
            "app.js", "text/javascript; charset=UTF-8",
            "style.css", "text/css; charset=UTF-8",
            "favicon.svg", "image/svg+xml");
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;

    /** Reads the console's files from the class path; fails if one is missing (a packaging error). */
    public WebConsole() {
        Map<String, Asset> loaded = new LinkedHashMap<>();
        FILES.forEach((name, type) -> loaded.put(name, load(name, type)));
        this.assets = Map.copyOf(loaded);
    }

    @Override
    public double weight() {
        return WEIGHT;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.route(HttpRoute.builder().methods(Method.GET, Method.HEAD).path("/ui").handler(this::redirect))
                .route(HttpRoute.builder().methods(Method.GET, Method.HEAD).path("/ui/*").handler(this::serve));
    }

    /** {@code /ui} → {@code /ui/}, relative so that it also works behind a path-prefixing proxy. */
    private void redirect(ServerRequest req, ServerResponse res) {
        res.status(Status.MOVED_PERMANENTLY_301);
        res.header(HeaderNames.LOCATION, "ui/");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send();
    }

    private void serve(ServerRequest req, ServerResponse res) {
        String rawPath = req.path().rawPath();
        if (!rawPath.startsWith("/ui/")) {
            res.next();
            return;
        }
        String name = rawPath.substring("/ui/".length());
        Asset asset = assets.get(name.isEmpty() ? "index.html" : name);
        if (asset == null) {
            res.status(Status.NOT_FOUND_404);
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            res.header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
            res.send("404 Not Found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        res.header(HeaderNames.ETAG, asset.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Frame-Options", "DENY");
        boolean unchanged = req.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(v -> matches(v, asset.etag())).orElse(false);
        if (unchanged) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.send(asset.bytes());
    }

    /** {@code If-None-Match}: {@code *} or a list of (possibly weak) entity tags. */
    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = WebConsole.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("web console file missing from the class path: " + RESOURCE_DIR + name);
            }
            byte[] bytes = in.readAllBytes();
            return new Asset(bytes, contentType, '"' + HexFormat.of().formatHex(sha256(bytes), 0, 12) + '"');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web console file " + name, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

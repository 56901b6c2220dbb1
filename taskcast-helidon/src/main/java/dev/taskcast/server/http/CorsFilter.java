package dev.taskcast.server.http;

import dev.taskcast.engine.config.CorsSettings;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The optional CORS behaviour of http-api.md §9: an allow-origin header on every response and
 * preflights answered before authentication. No credentials, max-age or exposed headers.
 */
public final class CorsFilter implements Filter {
    private final CorsSettings settings;

    public CorsFilter(CorsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (settings.mode() == CorsSettings.Mode.ANY_ORIGIN) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            res.header(HeaderNames.VARY, "Origin");
            if (origin != null && settings.origins().contains(origin)) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            }
        }
        if (req.prologue().method() == Method.OPTIONS) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET,HEAD,PUT,POST,DELETE,PATCH");
            req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)
                    .ifPresent(h -> res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, h));
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        chain.proceed();
    }
}

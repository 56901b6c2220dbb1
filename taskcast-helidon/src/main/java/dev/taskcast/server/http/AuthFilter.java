package dev.taskcast.server.http;

import dev.taskcast.server.auth.AuthFailure;
import dev.taskcast.server.auth.AuthResult;
import dev.taskcast.server.auth.Authenticator;
import dev.taskcast.server.auth.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Step 1 of the request pipeline (http-api.md §1.2): authenticates every request under
 * {@code /tasks} and {@code /events} — including paths that turn out not to exist — before routing,
 * and leaves the principal in the request context for the handlers' authorization step.
 */
public final class AuthFilter implements Filter {
    private final Authenticator authenticator;

    public AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().rawPath();
        if (!isProtected(path)) {
            chain.proceed();
            return;
        }
        String header = req.headers().first(HeaderNames.AUTHORIZATION).map(String::strip).orElse(null);
        AuthResult result = authenticator.authenticate(header);
        switch (result) {
            case Principal p -> {
                req.context().register(p);
                chain.proceed();
            }
            case AuthFailure f -> JsonResponses.error(res, f.status(), f.error());
        }
    }

    static boolean isProtected(String path) {
        return path.equals("/tasks") || path.startsWith("/tasks/") || path.equals("/events") || path.startsWith("/events/");
    }

    /** The principal the filter authenticated (the open principal when auth is off). */
    static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class).orElse(Principal.OPEN);
    }
}

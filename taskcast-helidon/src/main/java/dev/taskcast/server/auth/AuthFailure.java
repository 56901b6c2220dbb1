package dev.taskcast.server.auth;

/**
 * A rejected request: the HTTP status and the exact {@code error} string of the JSON body
 * {@code {"error": "..."}} (http-api.md §3.1). The strings are user-visible (the server SDK surfaces
 * them as exception messages), so they must not change.
 */
public record AuthFailure(int status, String error) implements AuthResult {

    /** No {@code Authorization} header, or one that does not start with exactly {@code "Bearer "}. */
    public static final AuthFailure MISSING_BEARER = new AuthFailure(401, "Missing Bearer token");

    /** Any verification failure; deliberately says nothing about which check failed. */
    public static final AuthFailure INVALID_TOKEN = new AuthFailure(401, "Invalid or expired token");

    /**
     * A denied {@link Authorizer} check (scope, task id or per-task rule). Never returned by
     * {@link Authenticator#authenticate}; here so the HTTP layer maps every auth outcome the same way.
     */
    public static final AuthFailure FORBIDDEN = new AuthFailure(403, "Forbidden");
}

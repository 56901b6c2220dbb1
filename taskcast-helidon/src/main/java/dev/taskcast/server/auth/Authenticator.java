package dev.taskcast.server.auth;

import dev.taskcast.engine.config.AuthSettings;
import java.time.Clock;
import java.util.Objects;

/**
 * Turns a request's {@code Authorization} header into a {@link Principal} or an
 * {@link AuthFailure} (http-api.md §2.1–§2.3). Create once at startup with {@link #create}; it
 * is immutable and thread-safe.
 */
public final class Authenticator {

    private static final String BEARER_PREFIX = "Bearer ";

    private final AuthSettings.Mode mode;
    /** Present exactly in {@code jwt} mode. */
    private final JwtVerifier verifier;

    private Authenticator(AuthSettings.Mode mode, JwtVerifier verifier) {
        this.mode = mode;
        this.verifier = verifier;
    }

    /**
     * Validates the settings eagerly.
     *
     * @throws AuthConfigException if the server must refuse to start: {@code custom} mode (it needs
     *                             an in-process callback the standalone server cannot have), or
     *                             {@code jwt} mode with a missing, unreadable or unusable key
     */
    public static Authenticator create(AuthSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /** As {@link #create(AuthSettings)}, with the clock used for {@code exp}/{@code nbf} (tests). */
    static Authenticator create(AuthSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        return switch (settings.mode()) {
            case NONE -> new Authenticator(AuthSettings.Mode.NONE, null);
            case JWT -> new Authenticator(AuthSettings.Mode.JWT, JwtVerifier.fromSettings(settings.jwt(), clock));
            case CUSTOM -> throw new AuthConfigException("auth.mode custom (TASKCAST_AUTH_MODE) is not supported by"
                    + " the standalone server: it needs an in-process middleware; use none or jwt");
        };
    }

    /**
     * @param authorization the {@code Authorization} header value, or {@code null} when absent
     * @return the principal; or {@link AuthFailure#MISSING_BEARER} / {@link AuthFailure#INVALID_TOKEN}.
     *         In {@code none} mode always {@link Principal#OPEN}, whatever the header says.
     */
    public AuthResult authenticate(String authorization) {
        if (verifier == null) {
            return Principal.OPEN;
        }
        if (authorization == null) {
            return AuthFailure.MISSING_BEARER;
        }
        // HTTP strips surrounding optional whitespace (SP/HTAB) from field values; do it again here
        // so the result does not depend on the server's parser: "Bearer " must become "Bearer".
        String value = stripOws(authorization);
        if (!value.startsWith(BEARER_PREFIX)) {
            return AuthFailure.MISSING_BEARER;
        }
        // Not trimmed further: "Bearer  x" yields " x", which then fails verification.
        String token = value.substring(BEARER_PREFIX.length());
        try {
            return Principal.fromClaims(verifier.verify(token));
        } catch (InvalidTokenException e) {
            return AuthFailure.INVALID_TOKEN;
        }
    }

    /** Per-task {@code authConfig} rules apply only with verified identities, i.e. in jwt mode (§2.6). */
    public boolean enforcesTaskAuthConfig() {
        return mode == AuthSettings.Mode.JWT;
    }

    public AuthSettings.Mode mode() {
        return mode;
    }

    /** Verification entry point for tests that assert why a token was rejected. */
    JwtVerifier verifier() {
        return verifier;
    }

    private static String stripOws(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isOws(value.charAt(start))) {
            start++;
        }
        while (end > start && isOws(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}

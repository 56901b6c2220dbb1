package dev.taskcast.server.auth;

/**
 * The authentication settings cannot work, so the server refuses to start (http-api.md §2.1,
 * config-cli.md §3.4). The message names the offending setting and is meant to be printed as
 * {@code [taskcast] <message>}; it never contains the JWT secret.
 */
public final class AuthConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    AuthConfigException(String message) {
        super(message);
    }

    AuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.taskcast.server.auth;

/**
 * Internal signal that a bearer token failed verification. The reason is for tests and debugging
 * only: clients always get the uniform "Invalid or expired token". Stack traces are suppressed
 * because this is an expected, attacker-triggerable outcome on the hot path, not a bug.
 */
final class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}

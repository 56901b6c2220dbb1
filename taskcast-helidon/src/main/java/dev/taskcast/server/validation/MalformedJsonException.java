package dev.taskcast.server.validation;

/**
 * The request body is not one complete JSON value. The HTTP layer answers 400 with the plain-text
 * body {@link #MESSAGE} whatever the request's Content-Type (http-api.md §3.3).
 */
public final class MalformedJsonException extends RuntimeException {
    public static final String MESSAGE = "Malformed JSON in request body";

    public MalformedJsonException(Throwable cause) {
        super(MESSAGE, cause);
    }

    public MalformedJsonException() {
        super(MESSAGE);
    }
}

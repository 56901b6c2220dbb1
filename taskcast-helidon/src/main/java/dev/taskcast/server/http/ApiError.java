package dev.taskcast.server.http;

/** A request that ends in a business error response {@code {"error":"<message>"}}. */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError forbidden() {
        return new ApiError(403, "Forbidden");
    }

    int status() {
        return status;
    }
}

package dev.taskcast.server.http;

import dev.taskcast.engine.task.InvalidTransitionException;
import dev.taskcast.engine.task.TaskConflictException;
import dev.taskcast.engine.task.TaskEngineException;
import dev.taskcast.engine.task.TaskNotFoundException;
import dev.taskcast.engine.task.TaskTerminalException;
import dev.taskcast.server.validation.MalformedJsonException;
import dev.taskcast.server.validation.ValidationErrorBody;
import dev.taskcast.server.validation.ValidationException;
import dev.taskcast.spi.DependencyUnavailableException;
import dev.taskcast.spi.TaskcastHooks;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.regex.Pattern;

/** Maps exceptions to the responses of http-api.md §3 in one place. */
final class ApiErrorHandlers {
    private static final Pattern URL_CREDENTIALS = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    private final TaskcastHooks hooks;

    ApiErrorHandlers(TaskcastHooks hooks) {
        this.hooks = hooks;
    }

    void register(HttpRouting.Builder routing) {
        routing.error(ApiError.class, (req, res, e) -> JsonResponses.error(res, e.status(), e.getMessage()))
                .error(ValidationException.class, (req, res, e) ->
                        JsonResponses.send(res, 400, ValidationErrorBody.of(e, RequestBodies.contentType(req))))
                .error(MalformedJsonException.class, (req, res, e) -> JsonResponses.malformedJson(res))
                .error(RequestBodies.PayloadTooLargeException.class, (req, res, e) ->
                        JsonResponses.error(res, 413, e.getMessage()))
                .error(RequestBodies.BodyTimeoutException.class, (req, res, e) -> {
                    if (!res.isSent()) {
                        try {
                            JsonResponses.error(res, 408, e.getMessage());
                        } catch (RuntimeException closed) {
                            // the interrupt closed the connection: nobody to answer
                        }
                    }
                })
                .error(TaskEngineException.class, (req, res, e) -> JsonResponses.error(res, statusOf(e), e.getMessage()))
                .error(DependencyUnavailableException.class, (req, res, e) -> JsonResponses.error(res, 503, e.getMessage()))
                .error(Exception.class, this::unexpected);
    }

    static int statusOf(TaskEngineException e) {
        return switch (e) {
            case TaskNotFoundException n -> 404;
            case TaskConflictException c -> 409;
            case InvalidTransitionException i -> 409;
            case TaskTerminalException t -> 400;
        };
    }

    /**
     * §3.1: a failure inside a transition or a publish is a 400 carrying its message; anywhere else
     * it is §1.4's 500 in plain text with one JSON line on stderr, credentials masked.
     */
    private void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        String path = req.path().rawPath();
        boolean store = AuthFilter.isProtected(path);
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        message = URL_CREDENTIALS.matcher(message).replaceAll("$1***@");
        if (isTransitionOrPublish(req)) {
            hooks.onUnhandledError(e, new TaskcastHooks.ErrorContext(req.prologue().method().text() + " " + path, null));
            JsonResponses.error(res, 400, message);
            return;
        }
        System.err.println("{\"timestamp\":\"" + Instant.now() + "\",\"level\":\"error\",\"event\":\"http_request_failed\","
                + "\"method\":\"" + req.prologue().method().text() + "\",\"path\":" + jsonString(path)
                + ",\"status\":500,\"errorKind\":\"" + (store ? "store" : "internal") + "\",\"error\":"
                + jsonString(message) + ",\"requestId\":" + jsonString(RequestIds.of(req)) + "}");
        hooks.onUnhandledError(e, new TaskcastHooks.ErrorContext(req.prologue().method().text() + " " + path, null));
        if (!res.isSent()) {
            JsonResponses.internalError(res);
        }
    }

    private static boolean isTransitionOrPublish(ServerRequest req) {
        Method method = req.prologue().method();
        return TaskPath.parse(req.path().rawPath())
                .map(p -> (p.action() == TaskPath.Action.STATUS && method == Method.PATCH)
                        || (p.action() == TaskPath.Action.EVENTS && method == Method.POST))
                .orElse(false);
    }

    private static String jsonString(String s) {
        return dev.taskcast.api.TaskcastJson.write(s);
    }
}

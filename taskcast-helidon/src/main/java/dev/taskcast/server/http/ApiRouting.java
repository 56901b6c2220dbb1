package dev.taskcast.server.http;

import dev.taskcast.engine.config.CorsSettings;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.auth.Authenticator;
import dev.taskcast.server.sse.EventStreams;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The whole HTTP surface. Fixed paths are ordinary Helidon routes registered from
 * {@link ApiRoutes}; paths under {@code /tasks/} are matched by {@link ApiRoutes#match} on the raw
 * path (through {@link TaskPath}, so task ids may contain an encoded {@code /}). Anything else is
 * the plain-text 404 of http-api.md §1.3.
 */
public final class ApiRouting {
    private ApiRouting() {
    }

    /**
     * @param bodyIdleTimeoutMs a request body that stops arriving for this long is abandoned
     * @param observer          request metrics and the access log
     */
    public static HttpRouting.Builder create(TaskEngine engine, Authenticator authenticator, EventStreams streams,
                                             ServiceRoutes service, CorsSettings cors, long maxBodyBytes,
                                             long bodyIdleTimeoutMs, RequestObserver observer) {
        RequestBodies bodies = new RequestBodies(maxBodyBytes, bodyIdleTimeoutMs);
        TaskAccess access = new TaskAccess(engine, authenticator);
        TaskRoutes tasks = new TaskRoutes(engine, access, bodies, streams.fanout());
        EventRoutes events = new EventRoutes(engine, access, bodies, streams);
        HttpRouting.Builder routing = HttpRouting.builder();
        if (observer.active()) {
            routing.addFilter(observer);
        }
        if (cors.enabled()) {
            routing.addFilter(new CorsFilter(cors));
        }
        routing.addFilter(new AuthFilter(authenticator))
                .register(service)
                .route(io.helidon.http.Method.create(ApiRoutes.CREATE_TASK.method()), ApiRoutes.CREATE_TASK.template(),
                        tasks::create)
                .route(io.helidon.http.Method.create(ApiRoutes.LIST_TASKS.method()), ApiRoutes.LIST_TASKS.template(),
                        tasks::list)
                .route(io.helidon.http.Method.create(ApiRoutes.GLOBAL_STREAM.method()),
                        ApiRoutes.GLOBAL_STREAM.template(), events::streamGlobal)
                .any((req, res) -> dispatchTaskPath(req, res, tasks, events));
        new ApiErrorHandlers(engine.hooks()).register(routing);
        return routing;
    }

    /** The routes under {@code /tasks/{taskId}}. */
    private static void dispatchTaskPath(ServerRequest req, ServerResponse res, TaskRoutes tasks, EventRoutes events) {
        String rawPath = req.path().rawPath();
        ApiRoutes.Route route = ApiRoutes.match(req.prologue().method().text(), rawPath);
        if (route == ApiRoutes.UNMATCHED || !rawPath.startsWith("/tasks/")) {
            JsonResponses.notFound(res);
            return;
        }
        String id = TaskPath.parse(rawPath).orElseThrow().taskId();
        if (route == ApiRoutes.GET_TASK) {
            tasks.get(req, res, id);
        } else if (route == ApiRoutes.TRANSITION) {
            tasks.transition(req, res, id);
        } else if (route == ApiRoutes.PUBLISH) {
            events.publish(req, res, id);
        } else if (route == ApiRoutes.TASK_STREAM) {
            events.stream(req, res, id);
        } else if (route == ApiRoutes.HISTORY) {
            events.history(req, res, id);
        } else {
            JsonResponses.notFound(res);
        }
    }
}

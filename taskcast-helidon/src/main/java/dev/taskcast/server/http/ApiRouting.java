package dev.taskcast.server.http;

import dev.taskcast.engine.config.CorsSettings;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.auth.Authenticator;
import dev.taskcast.server.sse.EventStreams;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * The whole HTTP surface. Fixed paths are ordinary Helidon routes; paths under {@code /tasks/} are
 * split by {@link TaskPath} on the raw path so task ids may contain an encoded {@code /}. Anything
 * else is the plain-text 404 of http-api.md §1.3.
 */
public final class ApiRouting {
    private ApiRouting() {
    }

    public static HttpRouting.Builder create(TaskEngine engine, Authenticator authenticator, EventStreams streams,
                                             ServiceRoutes service, CorsSettings cors, long maxBodyBytes) {
        RequestBodies bodies = new RequestBodies(maxBodyBytes);
        TaskAccess access = new TaskAccess(engine, authenticator);
        TaskRoutes tasks = new TaskRoutes(engine, access, bodies, streams.fanout());
        EventRoutes events = new EventRoutes(engine, access, bodies, streams);
        HttpRouting.Builder routing = HttpRouting.builder();
        if (cors.enabled()) {
            routing.addFilter(new CorsFilter(cors));
        }
        routing.addFilter(new AuthFilter(authenticator))
                .register(service)
                .post("/tasks", tasks::create)
                .get("/tasks", tasks::list)
                .get("/events", events::streamGlobal)
                .any((req, res) -> dispatchTaskPath(req, res, tasks, events));
        new ApiErrorHandlers(engine.hooks()).register(routing);
        return routing;
    }

    private static void dispatchTaskPath(ServerRequest req, ServerResponse res, TaskRoutes tasks, EventRoutes events) {
        Optional<TaskPath> path = TaskPath.parse(req.path().rawPath());
        Method method = req.prologue().method();
        if (path.isEmpty()) {
            JsonResponses.notFound(res);
            return;
        }
        String id = path.get().taskId();
        switch (path.get().action()) {
            case TASK -> {
                if (method == Method.GET) {
                    tasks.get(req, res, id);
                    return;
                }
            }
            case STATUS -> {
                if (method == Method.PATCH) {
                    tasks.transition(req, res, id);
                    return;
                }
            }
            case EVENTS -> {
                if (method == Method.POST) {
                    events.publish(req, res, id);
                    return;
                }
                if (method == Method.GET) {
                    events.stream(req, res, id);
                    return;
                }
            }
            case HISTORY -> {
                if (method == Method.GET) {
                    events.history(req, res, id);
                    return;
                }
            }
        }
        JsonResponses.notFound(res);
    }
}

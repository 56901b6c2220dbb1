package dev.taskcast.server.http;

import java.util.List;
import java.util.Optional;

/**
 * Every route of the HTTP surface, by method and path template. The router dispatches through
 * {@link #match} (so a route missing here cannot be served), the request metrics are labelled with
 * the matched template, and a test compares this list with {@code /openapi.json}.
 */
public final class ApiRoutes {

    /**
     * One route.
     *
     * @param index         position in {@link #all()}, {@link #UNMATCHED} last
     * @param method        HTTP method
     * @param template      path template, OpenAPI style ({@code /tasks/{taskId}})
     * @param authenticated under the authentication filter (http-api.md §1.2)
     * @param sse           answers with an event stream
     */
    public record Route(int index, String method, String template, boolean authenticated, boolean sse) {
    }

    public static final Route ROOT = new Route(0, "GET", "/", false, false);
    public static final Route HEALTH = new Route(1, "GET", "/health", false, false);
    public static final Route HEALTH_READY = new Route(2, "GET", "/health/ready", false, false);
    public static final Route HEALTH_DETAIL = new Route(3, "GET", "/health/detail", false, false);
    public static final Route OPENAPI = new Route(4, "GET", "/openapi.json", false, false);
    /** Served by Helidon's metrics observer when {@code metrics.enabled}; on another port when {@code metrics.port} is set. */
    public static final Route METRICS = new Route(5, "GET", "/metrics", false, false);
    public static final Route CREATE_TASK = new Route(6, "POST", "/tasks", true, false);
    public static final Route LIST_TASKS = new Route(7, "GET", "/tasks", true, false);
    public static final Route GET_TASK = new Route(8, "GET", "/tasks/{taskId}", true, false);
    public static final Route TRANSITION = new Route(9, "PATCH", "/tasks/{taskId}/status", true, false);
    public static final Route PUBLISH = new Route(10, "POST", "/tasks/{taskId}/events", true, false);
    public static final Route TASK_STREAM = new Route(11, "GET", "/tasks/{taskId}/events", true, true);
    public static final Route HISTORY = new Route(12, "GET", "/tasks/{taskId}/events/history", true, false);
    public static final Route GLOBAL_STREAM = new Route(13, "GET", "/events", true, true);
    /** Anything else: the plain-text 404 of http-api.md §1.3 (labelled so in metrics, never documented). */
    public static final Route UNMATCHED = new Route(14, "*", "(unmatched)", false, false);

    private static final List<Route> ALL = List.of(ROOT, HEALTH, HEALTH_READY, HEALTH_DETAIL, OPENAPI, METRICS,
            CREATE_TASK, LIST_TASKS, GET_TASK, TRANSITION, PUBLISH, TASK_STREAM, HISTORY, GLOBAL_STREAM);

    private ApiRoutes() {
    }

    /** Every served route (without {@link #UNMATCHED}). */
    public static List<Route> all() {
        return ALL;
    }

    /** Number of routes including {@link #UNMATCHED} (for arrays indexed by {@link Route#index()}). */
    public static int count() {
        return ALL.size() + 1;
    }

    /** The route {@code method} and the raw (still percent-encoded) {@code path} address, or {@link #UNMATCHED}. */
    public static Route match(String method, String rawPath) {
        if (rawPath.startsWith("/tasks/")) {
            Optional<TaskPath> path = TaskPath.parse(rawPath);
            return path.isEmpty() ? UNMATCHED : taskRoute(method, path.get().action());
        }
        return switch (rawPath) {
            case "/" -> get(method, ROOT);
            case "/health" -> get(method, HEALTH);
            case "/health/ready" -> get(method, HEALTH_READY);
            case "/health/detail" -> get(method, HEALTH_DETAIL);
            case "/openapi.json" -> get(method, OPENAPI);
            case "/metrics" -> get(method, METRICS);
            case "/events" -> get(method, GLOBAL_STREAM);
            case "/tasks" -> "POST".equals(method) ? CREATE_TASK : get(method, LIST_TASKS);
            default -> UNMATCHED;
        };
    }

    private static Route taskRoute(String method, TaskPath.Action action) {
        return switch (action) {
            case TASK -> get(method, GET_TASK);
            case STATUS -> "PATCH".equals(method) ? TRANSITION : UNMATCHED;
            case EVENTS -> "POST".equals(method) ? PUBLISH : get(method, TASK_STREAM);
            case HISTORY -> get(method, HISTORY);
        };
    }

    private static Route get(String method, Route route) {
        return "GET".equals(method) ? route : UNMATCHED;
    }
}

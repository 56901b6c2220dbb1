package dev.taskcast.server.http;

import dev.taskcast.api.EventQuery;
import dev.taskcast.api.SinceCursor;
import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.engine.series.SnapshotCollapse;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.auth.Scope;
import dev.taskcast.server.sse.EventStreams;
import dev.taskcast.server.sse.StreamOptions;
import dev.taskcast.server.validation.EventBatch;
import dev.taskcast.server.validation.JsNumbers;
import dev.taskcast.server.validation.PublishEventSchema;
import dev.taskcast.server.validation.QueryRoute;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;

/** Publishing, history and the two SSE streams (http-api.md §6–§8). */
final class EventRoutes {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final TaskEngine engine;
    private final TaskAccess access;
    private final RequestBodies bodies;
    private final EventStreams streams;

    EventRoutes(TaskEngine engine, TaskAccess access, RequestBodies bodies, EventStreams streams) {
        this.engine = engine;
        this.access = access;
        this.bodies = bodies;
        this.streams = streams;
    }

    void publish(ServerRequest req, ServerResponse res, String taskId) {
        EventBatch batch = PublishEventSchema.validate(bodies.json(req));
        // publishAll reads the task (404 "Task not found: <id>", 400 when terminal) under its lock.
        access.requireForEngine(req, Scope.EVENT_PUBLISH, taskId, "Task not found: " + taskId);
        List<TaskEvent> events = engine.publishAll(taskId, batch.events());
        if (batch.sentAsArray()) {
            RequestObserver.note(req, events.size(), "events");
        } else {
            RequestObserver.note(req, "type: ", events.getFirst().type());
        }
        JsonResponses.send(res, 201, batch.sentAsArray() ? events : events.getFirst());
    }

    /** §6.2: raw-index cursors, first-N limit, collapse only with {@code seriesFormat=accumulated}. */
    void history(ServerRequest req, ServerResponse res, String taskId) {
        UriQuery q = req.query();
        QueryRoute.EVENT_HISTORY.validate(q.toMap());
        access.require(req, Scope.EVENT_HISTORY, taskId, "Task not found");
        SinceCursor since = new SinceCursor(q.first("since.id").orElse(null),
                number(q, "since.index"), number(q, "since.timestamp"));
        List<TaskEvent> events = engine.getEvents(taskId, new EventQuery(since, limit(q)));
        if ("accumulated".equals(q.first("seriesFormat").orElse(null))) {
            events = SnapshotCollapse.collapse(events, s -> engine.getSeriesLatest(taskId, s));
        }
        RequestObserver.note(req, events.size(), "events");
        JsonResponses.send(res, 200, events);
    }

    /** §7: the task stream. Errors before streaming are ordinary JSON responses. */
    void stream(ServerRequest req, ServerResponse res, String taskId) {
        UriQuery q = req.query();
        QueryRoute.TASK_EVENTS.validate(q.toMap());
        access.require(req, Scope.EVENT_SUBSCRIBE, taskId, "Task not found");
        streams.streamTask(taskId, streamOptions(req), res);
    }

    /** §8: the global stream of tasks created on this instance. */
    void streamGlobal(ServerRequest req, ServerResponse res) {
        UriQuery q = req.query();
        QueryRoute.GLOBAL_EVENTS.validate(q.toMap());
        access.authorize(req, Scope.EVENT_SUBSCRIBE);
        List<String> types = list(q, "types");
        List<String> levels = list(q, "levels");
        SubscribeFilter filter = new SubscribeFilter(types == null || types.isEmpty() ? null : types,
                levels == null || levels.isEmpty() ? null : levels, null, null, null, null);
        streams.streamGlobal(filter, res);
    }

    /**
     * §7.1 and §7.3 step 3: {@code since.index} numbers the filtered sequence and is not sent to the
     * store; {@code since.timestamp} reaches the store only when it is a non-zero number; a
     * {@code Last-Event-ID} header stands for {@code since.id} when no cursor parameter is given.
     */
    static StreamOptions streamOptions(ServerRequest req) {
        UriQuery q = req.query();
        boolean cursorParam = q.contains("since.id") || q.contains("since.index") || q.contains("since.timestamp");
        String sinceId = q.first("since.id").orElse(null);
        if (!cursorParam) {
            sinceId = req.headers().first(LAST_EVENT_ID).orElse(null);
        }
        boolean cursorPresent = cursorParam || sinceId != null;
        Double sinceIndex = number(q, "since.index");
        Double ts = number(q, "since.timestamp");
        Double storeTimestamp = ts != null && !ts.isNaN() && ts != 0 ? ts : null;
        String storeId = sinceId != null && !sinceId.isEmpty() ? sinceId : null;
        String format = q.first("seriesFormat").orElse(null);
        SubscribeFilter filter = new SubscribeFilter(list(q, "types"), list(q, "levels"),
                !"false".equals(q.first("includeStatus").orElse(null)),
                sinceIndex == null ? null : SinceCursor.ofIndex(sinceIndex),
                !"false".equals(q.first("wrap").orElse(null)),
                "accumulated".equals(format) ? "accumulated" : "delta");
        return new StreamOptions(filter, new EventQuery(new SinceCursor(storeId, null, storeTimestamp), limit(q)),
                cursorPresent);
    }

    private static Double number(UriQuery q, String name) {
        return q.first(name).map(JsNumbers::jsNumber).orElse(null);
    }

    /** {@code parseInt}, used only when greater than zero. */
    private static Integer limit(UriQuery q) {
        double n = q.first("limit").map(JsNumbers::jsParseInt).orElse(Double.NaN);
        return n > 0 ? (int) Math.min(n, Integer.MAX_VALUE) : null;
    }

    /** Split on commas with empty items dropped; {@code null} when the parameter is absent. */
    private static List<String> list(UriQuery q, String name) {
        return q.first(name).map(v -> Arrays.stream(v.split(",")).filter(s -> !s.isEmpty()).toList()).orElse(null);
    }
}

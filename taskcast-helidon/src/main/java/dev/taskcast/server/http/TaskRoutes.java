package dev.taskcast.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.task.NewTask;
import dev.taskcast.engine.task.StatusChange;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.auth.Authorizer;
import dev.taskcast.server.auth.Principal;
import dev.taskcast.server.auth.Scope;
import dev.taskcast.server.sse.TaskFanout;
import dev.taskcast.server.validation.CreateTaskSchema;
import dev.taskcast.server.validation.QueryRoute;
import dev.taskcast.server.validation.TransitionSchema;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;

/** Task resources: create, list, get, transition (http-api.md §5). */
final class TaskRoutes {
    private final TaskEngine engine;
    private final TaskAccess access;
    private final RequestBodies bodies;
    private final TaskFanout fanout;

    TaskRoutes(TaskEngine engine, TaskAccess access, RequestBodies bodies, TaskFanout fanout) {
        this.engine = engine;
        this.access = access;
        this.bodies = bodies;
        this.fanout = fanout;
    }

    void create(ServerRequest req, ServerResponse res) {
        NewTask input = CreateTaskSchema.validate(bodies.json(req));
        access.authorize(req, Scope.TASK_CREATE);
        boolean hasWebhooks = input.webhooks() != null && !input.webhooks().isEmpty();
        if (hasWebhooks && !Authorizer.allowed(AuthFilter.principal(req), Scope.WEBHOOK_CREATE, null)) {
            throw ApiError.forbidden();
        }
        Task created = engine.createTask(input);
        RequestObserver.note(req, "task created");
        JsonResponses.send(res, 201, created);
    }

    void list(ServerRequest req, ServerResponse res) {
        QueryRoute.LIST_TASKS.validate(req.query().toMap());
        Principal p = access.authorize(req, Scope.EVENT_SUBSCRIBE);
        TaskQuery query = new TaskQuery(csv(req, "status"), single(req, "type"), null);
        ArrayNode tasks = TaskcastJson.mapper().createArrayNode();
        for (Task t : engine.listTasks(query)) {
            if (Authorizer.admitsTask(p, t.id())) {
                tasks.add(withSubscribers(t));
            }
        }
        ObjectNode body = TaskcastJson.object();
        body.set("tasks", tasks);
        RequestObserver.note(req, tasks.size(), "tasks");
        JsonResponses.send(res, 200, body);
    }

    void get(ServerRequest req, ServerResponse res, String taskId) {
        Task task = access.require(req, Scope.EVENT_SUBSCRIBE, taskId, "Task not found");
        JsonResponses.send(res, 200, withSubscribers(task));
    }

    void transition(ServerRequest req, ServerResponse res, String taskId) {
        StatusChange change = TransitionSchema.validate(bodies.json(req));
        access.require(req, Scope.TASK_MANAGE, taskId, "Task not found: " + taskId);
        Task updated = engine.transition(taskId, change);
        RequestObserver.note(req, "\u2192 ", updated.status().wireName());
        JsonResponses.send(res, 200, updated);
    }

    /** §5.1: only GET responses carry the per-instance {@code hot}/{@code subscriberCount}. */
    private JsonNode withSubscribers(Task task) {
        int count = fanout.subscriberCount(task.id());
        ObjectNode node = TaskcastJson.mapper().valueToTree(task);
        node.put("hot", count > 0).put("subscriberCount", count);
        return node;
    }

    /** Comma-separated values, empty items dropped; {@code null} (no filter) when absent or empty. */
    private static List<String> csv(ServerRequest req, String name) {
        String v = req.query().first(name).orElse("");
        List<String> items = Arrays.stream(v.split(",")).filter(s -> !s.isEmpty()).toList();
        return v.isEmpty() ? null : items;
    }

    private static List<String> single(ServerRequest req, String name) {
        String v = req.query().first(name).orElse("");
        return v.isEmpty() ? null : List.of(v);
    }
}

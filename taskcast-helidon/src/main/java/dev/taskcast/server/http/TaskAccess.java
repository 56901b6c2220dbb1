package dev.taskcast.server.http;

import dev.taskcast.api.Task;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.auth.Authenticator;
import dev.taskcast.server.auth.Authorizer;
import dev.taskcast.server.auth.Principal;
import dev.taskcast.server.auth.Scope;
import io.helidon.webserver.http.ServerRequest;

/**
 * Steps 3 and 4 of the request pipeline (http-api.md §1.2): scope and task-id authorization, then
 * existence, then the task's own {@code authConfig} rules (§2.6), which need the task.
 */
final class TaskAccess {
    private final TaskEngine engine;
    private final Authenticator authenticator;

    TaskAccess(TaskEngine engine, Authenticator authenticator) {
        this.engine = engine;
        this.authenticator = authenticator;
    }

    /** Authorization without a task (create, list, global stream). */
    Principal authorize(ServerRequest req, Scope scope) {
        Principal p = AuthFilter.principal(req);
        if (!Authorizer.allowed(p, scope, null)) {
            throw ApiError.forbidden();
        }
        return p;
    }

    /**
     * {@link #require} for a route whose engine call reads the task itself and refuses a missing
     * one with the same 404 ({@code TaskNotFoundException}: {@code Task not found: <id>}), as
     * publishing does: the task is then read here only when its own {@code authConfig} has to be
     * checked first. Saves a store read per publish (a Redis round trip).
     */
    void requireForEngine(ServerRequest req, Scope scope, String taskId, String notFound) {
        if (authenticator.enforcesTaskAuthConfig()) {
            require(req, scope, taskId, notFound);
            return;
        }
        if (!Authorizer.allowed(AuthFilter.principal(req), scope, taskId)) {
            throw ApiError.forbidden();
        }
    }

    /**
     * The addressed task if the principal may act on it with {@code scope}.
     *
     * @param notFound the 404 message of this route ({@code Task not found} or {@code Task not found: <id>})
     */
    Task require(ServerRequest req, Scope scope, String taskId, String notFound) {
        Principal p = AuthFilter.principal(req);
        if (!Authorizer.allowed(p, scope, taskId)) {
            throw ApiError.forbidden();
        }
        Task task = engine.getTask(taskId).orElseThrow(() -> new ApiError(404, notFound));
        if (authenticator.enforcesTaskAuthConfig()
                && !Authorizer.satisfiesTaskAuthConfig(p, scope, task.taskAuthConfig())) {
            throw ApiError.forbidden();
        }
        return task;
    }
}

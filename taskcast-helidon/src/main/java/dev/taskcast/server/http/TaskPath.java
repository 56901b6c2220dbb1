package dev.taskcast.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A path under {@code /tasks/}, split on the raw path so that an encoded slash ({@code %2F}) stays
 * inside the task id instead of creating a new segment (ids may contain {@code /}, model.md §1).
 */
public record TaskPath(String taskId, Action action) {

    public enum Action { TASK, STATUS, EVENTS, HISTORY }

    /** Parses {@code /tasks/{id}}, {@code /status}, {@code /events}, {@code /events/history}; empty otherwise. */
    public static Optional<TaskPath> parse(String rawPath) {
        if (!rawPath.startsWith("/tasks/")) {
            return Optional.empty();
        }
        String[] parts = rawPath.substring("/tasks/".length()).split("/", -1);
        Action action;
        if (parts.length == 1) {
            action = Action.TASK;
        } else if (parts.length == 2 && parts[1].equals("status")) {
            action = Action.STATUS;
        } else if (parts.length == 2 && parts[1].equals("events")) {
            action = Action.EVENTS;
        } else if (parts.length == 3 && parts[1].equals("events") && parts[2].equals("history")) {
            action = Action.HISTORY;
        } else {
            return Optional.empty();
        }
        return decode(parts[0]).map(id -> new TaskPath(id, action));
    }

    private static Optional<String> decode(String raw) {
        try {
            // URLDecoder would turn '+' into a space; a path keeps '+' literally.
            return Optional.of(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

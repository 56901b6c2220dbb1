package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.Presence.OPTIONAL;
import static dev.taskcast.server.validation.Presence.REQUIRED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.task.NewTask;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The body of {@code POST /tasks} (http-api.md §5.2). */
public final class CreateTaskSchema {
    static final List<String> ASSIGN_MODES = List.of("external", "pull", "ws-offer", "ws-race");
    static final List<String> DISCONNECT_POLICIES = List.of("reassign", "mark", "fail");

    private CreateTaskSchema() {
    }

    /**
     * Validates a create body. JSON values ({@code params}, {@code metadata}, {@code webhooks},
     * {@code authConfig}) are kept as given; {@code cleanup} keeps only its {@code rules}.
     *
     * @throws ValidationException with every issue, in the original schema's field order
     */
    public static NewTask validate(JsonNode body) {
        List<Issue> issues = new ArrayList<>();
        ObjectFields task = ObjectFields.of(body, JsonPath.ROOT, issues);
        if (task == null) {
            throw new ValidationException(ValidationException.Source.BODY, issues);
        }
        String id = task.string("id", OPTIONAL);
        String type = task.string("type", OPTIONAL);
        JsonNode params = task.record("params");
        JsonNode metadata = task.record("metadata");
        Long ttl = task.integer("ttl", IntRange.POSITIVE_INT);
        ArrayNode webhooks = WebhooksSchema.read(task);
        JsonNode cleanup = cleanup(task);
        List<String> tags = task.strings("tags", OPTIONAL);
        String assignMode = task.oneOf("assignMode", ASSIGN_MODES, Function.identity(), OPTIONAL);
        Long cost = task.integer("cost", IntRange.POSITIVE_INT);
        String disconnectPolicy = task.oneOf("disconnectPolicy", DISCONNECT_POLICIES, Function.identity(), OPTIONAL);
        JsonNode authConfig = AuthConfigSchema.read(task);
        if (!issues.isEmpty()) {
            throw new ValidationException(ValidationException.Source.BODY, issues);
        }
        return new NewTask(id, type, params, metadata, toInteger(ttl), authConfig, webhooks, cleanup, tags,
                assignMode, toInteger(cost), disconnectPolicy);
    }

    /** {@code {rules: unknown[]}}; zod's output drops every other key of the object. */
    private static JsonNode cleanup(ObjectFields task) {
        ObjectFields cleanup = task.object("cleanup", OPTIONAL);
        ArrayNode rules = cleanup == null ? null : cleanup.array("rules", REQUIRED);
        if (rules == null) {
            return null;
        }
        ObjectNode kept = TaskcastJson.object();
        kept.set("rules", rules);
        return kept;
    }

    /** Exact, because {@link IntRange#POSITIVE_INT} only accepts values that fit an int. */
    private static Integer toInteger(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}

package dev.taskcast.plugin.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Reading and writing the JSON values of the Redis keys. Writes are always {@link TaskcastJson}'s
 * exact bytes; reads accept any valid JSON (another writer — the original's cjson scripts — may use
 * another key order, {@code \/} escapes, {@code {}} for empty arrays, exponent notation), and a value
 * that is not valid JSON is reported as {@code null} rather than failing a whole listing or history.
 */
final class StoredJson {
    private static final Logger LOG = System.getLogger(StoredJson.class.getName());

    private StoredJson() {
    }

    static String write(Task task) {
        return TaskcastJson.write(task);
    }

    /** Snapshot flags never reach storage (storage.md §4.2). */
    static String write(TaskEvent event) {
        return TaskcastJson.write(event.withoutSnapshotFlag());
    }

    /** The task, or {@code null} (logged) when {@code json} is not a valid task. */
    static Task taskOrNull(String key, String json) {
        try {
            return TaskcastJson.readTask(json);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "ignoring " + key + ": not a valid task JSON (" + e.getMessage() + ")");
            return null;
        }
    }

    /** The event, or {@code null} (logged) when {@code json} is not a valid event. */
    static TaskEvent eventOrNull(String key, String json) {
        try {
            return TaskcastJson.readEvent(json);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "ignoring an element of " + key + ": not a valid event JSON ("
                    + e.getMessage() + ")");
            return null;
        }
    }

    /** The top-level {@code id} string of an event JSON, or {@code null} if there is none or it does not parse. */
    static String idOrNull(String json) {
        JsonNode tree = treeOrNull(json);
        JsonNode id = tree == null ? null : tree.get("id");
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    /** The {@code data} of an event JSON ({@code null} when absent or unparsable). */
    static JsonNode dataOrNull(String json) {
        JsonNode tree = treeOrNull(json);
        return tree == null ? null : tree.get("data");
    }

    private static JsonNode treeOrNull(String json) {
        try {
            JsonNode tree = TaskcastJson.tree(json);
            return tree != null && tree.isObject() ? tree : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}

package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tracked unit of work (model.md §2). Absent optional fields are {@code null} and omitted on the
 * wire.
 *
 * <p>{@code webhooks}, {@code cleanup} and {@code authConfig} are kept exactly as the client sent
 * them (unknown keys included) so that they round-trip through every store unchanged; typed views
 * are {@link #webhookConfigs()}, {@link #cleanupRules()} and {@link #taskAuthConfig()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(
        String id,
        String type,
        TaskStatus status,
        JsonNode params,
        JsonNode result,
        TaskError error,
        JsonNode metadata,
        long createdAt,
        long updatedAt,
        Long completedAt,
        Integer ttl,
        JsonNode authConfig,
        JsonNode webhooks,
        JsonNode cleanup,
        List<String> tags,
        String assignMode,
        Integer cost,
        String disconnectPolicy,
        String assignedWorker,
        String reason,
        Long resumeAt,
        JsonNode blockedRequest) {

    public Task {
        Objects.requireNonNull(id, "Task.id is required");
        Objects.requireNonNull(status, "Task.status is required");
        tags = tags == null ? null : List.copyOf(tags);
    }

    public static Builder builder(String id, TaskStatus status, long createdAt) {
        return new Builder(id, status, createdAt);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @JsonIgnore
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** Typed view of the webhooks (elements that are not objects are skipped). */
    public List<WebhookConfig> webhookConfigs() {
        List<WebhookConfig> out = new ArrayList<>();
        if (webhooks != null && webhooks.isArray()) {
            for (JsonNode w : webhooks) {
                WebhookConfig.from(w).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Typed view of {@code cleanup.rules} (elements that are not objects are skipped). */
    public List<CleanupRule> cleanupRules() {
        return CleanupRule.listFrom(cleanup == null ? null : cleanup.get("rules"));
    }

    /** Typed view of {@code authConfig}; empty rules when absent. */
    public TaskAuthConfig taskAuthConfig() {
        return TaskAuthConfig.from(authConfig);
    }

    /** Builder: a task has many optional fields. */
    public static final class Builder {
        private String id;
        private String type;
        private TaskStatus status;
        private JsonNode params;
        private JsonNode result;
        private TaskError error;
        private JsonNode metadata;
        private long createdAt;
        private long updatedAt;
        private Long completedAt;
        private Integer ttl;
        private JsonNode authConfig;
        private JsonNode webhooks;
        private JsonNode cleanup;
        private List<String> tags;
        private String assignMode;
        private Integer cost;
        private String disconnectPolicy;
        private String assignedWorker;
        private String reason;
        private Long resumeAt;
        private JsonNode blockedRequest;

        private Builder(String id, TaskStatus status, long createdAt) {
            this.id = id;
            this.status = status;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        private Builder(Task t) {
            id = t.id;
            type = t.type;
            status = t.status;
            params = t.params;
            result = t.result;
            error = t.error;
            metadata = t.metadata;
            createdAt = t.createdAt;
            updatedAt = t.updatedAt;
            completedAt = t.completedAt;
            ttl = t.ttl;
            authConfig = t.authConfig;
            webhooks = t.webhooks;
            cleanup = t.cleanup;
            tags = t.tags;
            assignMode = t.assignMode;
            cost = t.cost;
            disconnectPolicy = t.disconnectPolicy;
            assignedWorker = t.assignedWorker;
            reason = t.reason;
            resumeAt = t.resumeAt;
            blockedRequest = t.blockedRequest;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder type(String v) { type = v; return this; }
        public Builder status(TaskStatus v) { status = v; return this; }
        public Builder params(JsonNode v) { params = v; return this; }
        public Builder result(JsonNode v) { result = v; return this; }
        public Builder error(TaskError v) { error = v; return this; }
        public Builder metadata(JsonNode v) { metadata = v; return this; }
        public Builder createdAt(long v) { createdAt = v; return this; }
        public Builder updatedAt(long v) { updatedAt = v; return this; }
        public Builder completedAt(Long v) { completedAt = v; return this; }
        public Builder ttl(Integer v) { ttl = v; return this; }
        public Builder authConfig(JsonNode v) { authConfig = v; return this; }
        public Builder webhooks(JsonNode v) { webhooks = v; return this; }
        public Builder cleanup(JsonNode v) { cleanup = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder assignMode(String v) { assignMode = v; return this; }
        public Builder cost(Integer v) { cost = v; return this; }
        public Builder disconnectPolicy(String v) { disconnectPolicy = v; return this; }
        public Builder assignedWorker(String v) { assignedWorker = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder resumeAt(Long v) { resumeAt = v; return this; }
        public Builder blockedRequest(JsonNode v) { blockedRequest = v; return this; }

        public Task build() {
            return new Task(id, type, status, params, result, error, metadata, createdAt, updatedAt, completedAt,
                    ttl, authConfig, webhooks, cleanup, tags, assignMode, cost, disconnectPolicy, assignedWorker,
                    reason, resumeAt, blockedRequest);
        }
    }
}

package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Webhook retry policy; every field is optional so that a partial policy can override another
 * (webhooks-hooks-cleanup.md §1.4).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryConfig(Integer retries, String backoff, Integer initialDelayMs, Integer maxDelayMs,
                          Integer timeoutMs) {

    public static final RetryConfig DEFAULTS = new RetryConfig(3, "exponential", 1000, 30000, 5000);

    /** This policy with every field that {@code override} has replaced by the override's value. */
    public RetryConfig overriddenBy(RetryConfig override) {
        if (override == null) {
            return this;
        }
        return new RetryConfig(
                override.retries != null ? override.retries : retries,
                override.backoff != null ? override.backoff : backoff,
                override.initialDelayMs != null ? override.initialDelayMs : initialDelayMs,
                override.maxDelayMs != null ? override.maxDelayMs : maxDelayMs,
                override.timeoutMs != null ? override.timeoutMs : timeoutMs);
    }

    public static RetryConfig from(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new RetryConfig(integer(node.get("retries")),
                node.path("backoff").isTextual() ? node.get("backoff").textValue() : null,
                integer(node.get("initialDelayMs")), integer(node.get("maxDelayMs")),
                integer(node.get("timeoutMs")));
    }

    private static Integer integer(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null;
    }
}

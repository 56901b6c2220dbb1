package dev.taskcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Typed view of one element of a task's {@code webhooks} array (webhooks-hooks-cleanup.md §1.1).
 * The raw element stays the source of truth on the wire; this view is derived from it.
 */
public record WebhookConfig(String url, SubscribeFilter filter, String secret, Boolean wrap, RetryConfig retry) {

    public static Optional<WebhookConfig> from(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookConfig(
                node.path("url").isTextual() ? node.get("url").textValue() : null,
                SubscribeFilter.from(node.get("filter")),
                node.path("secret").isTextual() ? node.get("secret").textValue() : null,
                SubscribeFilter.bool(node.get("wrap")),
                RetryConfig.from(node.get("retry"))));
    }
}

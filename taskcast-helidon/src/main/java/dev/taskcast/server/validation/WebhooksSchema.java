package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.Presence.OPTIONAL;
import static dev.taskcast.server.validation.Presence.REQUIRED;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.taskcast.server.validation.Issue.InvalidString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code webhooks} array of a create body. The original accepts any elements; the Java server
 * delivers webhooks, so it checks each element against the WebhookConfig shape up front
 * (webhooks-hooks-cleanup.md §1.1–1.2) instead of failing at delivery time.
 */
final class WebhooksSchema {
    static final List<String> BACKOFFS = List.of("fixed", "exponential", "linear");

    private WebhooksSchema() {
    }

    /** The array exactly as sent (unknown keys included), or {@code null} when absent or invalid. */
    static ArrayNode read(ObjectFields task) {
        List<ObjectFields> webhooks = task.objects("webhooks", OPTIONAL);
        if (webhooks == null) {
            return null;
        }
        webhooks.forEach(WebhooksSchema::check);
        return (ArrayNode) task.any("webhooks");
    }

    private static void check(ObjectFields webhook) {
        String url = webhook.string("url", REQUIRED);
        if (url != null && !isHttpUrl(url)) {
            webhook.report(new InvalidString(webhook.path().key("url"), "url"));
        }
        ObjectFields filter = webhook.object("filter", OPTIONAL);
        if (filter != null) {
            filter.strings("types", OPTIONAL);
            filter.strings("levels", OPTIONAL);
            filter.bool("includeStatus");
        }
        webhook.string("secret", OPTIONAL);
        webhook.bool("wrap");
        ObjectFields retry = webhook.object("retry", OPTIONAL);
        if (retry != null) {
            retry.integer("retries", IntRange.NON_NEGATIVE_INT);
            retry.oneOf("backoff", BACKOFFS, Function.identity(), OPTIONAL);
            retry.integer("initialDelayMs", IntRange.NON_NEGATIVE_INT);
            retry.integer("maxDelayMs", IntRange.NON_NEGATIVE_INT);
            retry.integer("timeoutMs", IntRange.NON_NEGATIVE_INT);
        }
    }

    /**
     * An absolute http(s) URL with a host, i.e. one the delivery's HTTP client can send to
     * (java.net.http rejects URIs without a server-based host).
     */
    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

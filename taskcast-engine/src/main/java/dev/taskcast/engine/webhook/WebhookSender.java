package dev.taskcast.engine.webhook;

import dev.taskcast.api.RetryConfig;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.api.WebhookConfig;
import dev.taskcast.engine.envelope.EventEnvelope;
import dev.taskcast.engine.filter.EventFilter;
import dev.taskcast.engine.metrics.EngineMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One webhook delivery with its retries: the {@code send(event, config)} of webhooks-hooks-cleanup.md §1.4. */
final class WebhookSender {
    /** Waits between attempts; injectable so tests can observe exact backoff sequences. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Supplier<HttpClient> http;
    private final Sleeper sleeper;
    private final LongSupplier clock;
    private final EngineMetrics metrics;

    WebhookSender(Supplier<HttpClient> http, Sleeper sleeper, LongSupplier clock, EngineMetrics metrics) {
        this.http = http;
        this.sleeper = sleeper;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Delivers {@code event} unless the webhook's filter rejects it (which counts as success).
     *
     * @return true when the event was delivered, false when the filter skipped it
     * @throws WebhookDeliveryException after the last failed attempt
     */
    boolean send(TaskEvent event, WebhookConfig config, RetryConfig policy)
            throws InterruptedException, WebhookDeliveryException {
        if (config.filter() != null && !EventFilter.matches(event, config.filter())) {
            return false;
        }
        byte[] body = Boolean.TRUE.equals(config.wrap())
                ? EventEnvelope.of(event, event.index())
                : TaskcastJson.writeBytes(event);
        String timestamp = Long.toString(Math.floorDiv(clock.getAsLong(), 1000L));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url()))
                // A non-positive timeout aborts at once, as AbortSignal.timeout(0) does (HttpRequest refuses 0).
                .timeout(Duration.ofMillis(Math.max(1, policy.timeoutMs())))
                .header("Content-Type", "application/json")
                .header("X-Taskcast-Event", event.type())
                .header("X-Taskcast-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.secret() != null && !config.secret().isEmpty()) {
            request.header("X-Taskcast-Signature", signature(config.secret(), body));
        }
        HttpRequest built = request.build();
        String lastError = "no attempt made";
        int attempts = policy.retries() + 1;
        for (int k = 0; k < attempts; k++) {
            if (k > 0) {
                sleeper.sleep(RetryDelays.beforeAttempt(policy, k));
            }
            metrics.webhookAttempt();
            try {
                HttpResponse<Void> response = http.get().send(built, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    return true;
                }
                lastError = "HTTP " + response.statusCode();
            } catch (HttpTimeoutException e) {
                lastError = "Request timed out after " + policy.timeoutMs() + "ms";
            } catch (IOException e) {
                lastError = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            }
        }
        throw new WebhookDeliveryException("Webhook delivery failed after " + attempts + " attempts: " + lastError);
    }

    /** {@code sha256=} + lower-case hex HMAC-SHA256 of the exact body bytes. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The final failure of a delivery. */
    static final class WebhookDeliveryException extends Exception {
        WebhookDeliveryException(String message) {
            super(message, null, false, false);
        }
    }
}

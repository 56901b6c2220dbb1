package dev.taskcast.engine.webhook;

import dev.taskcast.api.Level;
import dev.taskcast.api.RetryConfig;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.api.WebhookConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.spi.TaskcastHooks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared pieces of the webhook tests: a recording sleeper, recording hooks, tasks and events. */
final class WebhookFixture {
    static final long T0 = 1_700_000_123_999L;

    private WebhookFixture() {
    }

    /** Records every requested wait and returns at once; optionally moves a clock forward by it. */
    static final class RecordingSleeper implements WebhookSender.Sleeper {
        private final List<Long> delays = new ArrayList<>();
        private final AtomicLong clock;

        RecordingSleeper(AtomicLong clock) {
            this.clock = clock;
        }

        @Override
        public synchronized void sleep(long millis) {
            delays.add(millis);
            if (clock != null) {
                clock.addAndGet(millis);
            }
        }

        synchronized List<Long> delays() {
            return List.copyOf(delays);
        }
    }

    /** One {@code onWebhookFailed} call. */
    record Failure(WebhookConfig webhook, String error) {
    }

    /** Records {@code onWebhookFailed}; optionally throws after recording. */
    static final class FailureHooks implements TaskcastHooks {
        private final List<Failure> failures = new ArrayList<>();
        volatile boolean throwAfterRecording;

        @Override
        public void onWebhookFailed(WebhookConfig webhook, String error) {
            synchronized (this) {
                failures.add(new Failure(webhook, error));
            }
            if (throwAfterRecording) {
                throw new IllegalStateException("hook failure (expected by the test)");
            }
        }

        synchronized List<Failure> failures() {
            return List.copyOf(failures);
        }

        synchronized long count(Predicate<Failure> p) {
            return failures.stream().filter(p).count();
        }

        List<String> errors() {
            return failures().stream().map(Failure::error).toList();
        }

        void awaitCount(int n) {
            Eventually.await(Receiver.WAIT, () -> failures().size() >= n,
                    () -> "expected " + n + " failures, got " + failures());
        }
    }

    /** A running task with the given {@code webhooks} JSON array. */
    static Task task(String id, String webhooksJson) {
        return Task.builder(id, TaskStatus.RUNNING, T0).webhooks(TaskcastJson.tree(webhooksJson)).build();
    }

    /** A plain info event of {@code type} at {@code index} with data {@code {"n": index}}. */
    static TaskEvent event(String taskId, long index, String type) {
        return event(taskId, index, type, Level.INFO);
    }

    static TaskEvent event(String taskId, long index, String type, Level level) {
        return new TaskEvent("E" + taskId + "-" + index, taskId, index, T0 - 1000 + index, type, level,
                TaskcastJson.object().put("n", index), null, null, null, null);
    }

    static RetryConfig retry(String json) {
        return RetryConfig.from(TaskcastJson.tree(json));
    }

    /** What a receiver computes to verify a delivery: {@code sha256=} + hex HMAC-SHA256 of the raw body. */
    static String hmac(String secret, byte[] rawBody) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody));
    }
}

package dev.taskcast.engine.webhook;

import static dev.taskcast.engine.webhook.WebhookFixture.T0;
import static dev.taskcast.engine.webhook.WebhookFixture.event;
import static dev.taskcast.engine.webhook.WebhookFixture.hmac;
import static dev.taskcast.engine.webhook.WebhookFixture.retry;
import static dev.taskcast.engine.webhook.WebhookFixture.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.taskcast.api.Level;
import dev.taskcast.api.RetryConfig;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.envelope.EventEnvelope;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.engine.webhook.WebhookFixture.FailureHooks;
import dev.taskcast.engine.webhook.WebhookFixture.RecordingSleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * webhooks-hooks-cleanup.md §1.3–§1.4 against a real HTTP receiver: body, headers, signature,
 * retries and backoff (observed through a recording sleeper, never waited for), timeouts, filters,
 * wrapping, ordering, bounds and shutdown.
 */
class WebhookDeliveryTest {
    private final Receiver receiver;
    private final AtomicLong clock = new AtomicLong(T0);
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final FailureHooks hooks = new FailureHooks();
    private final List<WebhookDispatcher> dispatchers = new ArrayList<>();

    WebhookDeliveryTest() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void closeAll() {
        receiver.release();
        dispatchers.forEach(d -> d.close(Duration.ofSeconds(5)));
        receiver.close();
    }

    private WebhookDispatcher dispatcher() {
        return dispatcher(null, WebhookDispatcher.Limits.DEFAULT);
    }

    private WebhookDispatcher dispatcher(RetryConfig globalDefault, WebhookDispatcher.Limits limits) {
        WebhookDispatcher d = new WebhookDispatcher(hooks, globalDefault, limits,
                WebhookDispatcher.defaultHttpClient(), sleeper, clock::get);
        dispatchers.add(d);
        return d;
    }

    /** A task whose only webhook is {@code {"url": <receiver>, ...extra}}. */
    private Task taskWithWebhook(String extraJson) {
        return task("t", "[{\"url\":\"" + receiver.url() + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}]");
    }

    private static void awaitIdle(WebhookDispatcher d) {
        Eventually.await(Receiver.WAIT, () -> d.outstanding() == 0, () -> d.outstanding() + " deliveries outstanding");
    }

    /** Delivers one event to a webhook that always fails with 500 and returns the recorded waits. */
    private List<Long> backoffOf(RetryConfig globalDefault, String webhookRetryJson) {
        receiver.byDefault(500);
        WebhookDispatcher d = dispatcher(globalDefault, WebhookDispatcher.Limits.DEFAULT);
        d.dispatch(taskWithWebhook(webhookRetryJson == null ? "" : "\"retry\":" + webhookRetryJson),
                event("t", 0, "log"));
        awaitIdle(d);
        assertEquals(sleeper.delays().size() + 1, receiver.count(), "one attempt more than waits");
        return sleeper.delays();
    }

    // ---------------------------------------------------------------- body

    @Test
    void theBodyIsTheBareEventExactlyAsTaskcastJsonWritesIt() {
        WebhookDispatcher d = dispatcher();
        TaskEvent e = new TaskEvent("E1", "t", 7, T0 - 5, "llm.delta", Level.WARN,
                TaskcastJson.tree("{\"delta\":\"ü\\n\",\"n\":[1,2.5,null,true]}"), "s1", SeriesMode.ACCUMULATE,
                "delta", null);

        d.dispatch(taskWithWebhook(""), e);

        Receiver.Request r = receiver.awaitRequests(1).getFirst();
        assertEquals("POST", r.method());
        assertEquals("/hook", r.path());
        assertArrayEquals(TaskcastJson.writeBytes(e), r.body());
        assertEquals(e, r.event());
        JsonNode body = TaskcastJson.tree(r.text());
        assertFalse(body.has("filteredIndex"), "never an SSE envelope unless wrap is true");
        assertEquals(List.of("id", "taskId", "index", "timestamp", "type", "level", "data", "seriesId", "seriesMode",
                "seriesAccField"), fieldNames(body));
    }

    @Test
    void absentDataHasNoDataKeyAndNullDataIsSentAsNull() {
        WebhookDispatcher d = dispatcher();
        TaskEvent absent = event("t", 0, "a").withData(null);
        TaskEvent nullData = event("t", 1, "b").withData(NullNode.getInstance());

        d.dispatch(taskWithWebhook(""), absent);
        d.dispatch(taskWithWebhook(""), nullData);

        List<Receiver.Request> got = receiver.awaitRequests(2);
        assertEquals("{\"id\":\"Et-0\",\"taskId\":\"t\",\"index\":0,\"timestamp\":" + (T0 - 1000)
                + ",\"type\":\"a\",\"level\":\"info\"}", got.get(0).text());
        assertTrue(TaskcastJson.tree(got.get(1).text()).get("data").isNull());
        assertArrayEquals(TaskcastJson.writeBytes(nullData), got.get(1).body());
    }

    // ---------------------------------------------------------------- headers and signature

    @Test
    void headersCarryTypeAndTheSendTimeInWholeSeconds() {
        WebhookDispatcher d = dispatcher();

        d.dispatch(taskWithWebhook(""), event("t", 0, "llm.done"));

        Receiver.Request r = receiver.awaitRequests(1).getFirst();
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("llm.done", r.header("X-Taskcast-Event"));
        assertEquals(Long.toString(T0 / 1000), r.header("X-Taskcast-Timestamp"), "floor of the injected clock");
        assertEquals("1700000123", r.header("X-Taskcast-Timestamp"));
        assertNull(r.header("X-Taskcast-Signature"), "no secret, no signature");
    }

    @Test
    void theSignatureIsTheHmacOfTheRawBodyWithTheSecret() throws Exception {
        WebhookDispatcher d = dispatcher();
        String secret = "s3cr3t-ü-🔑";

        d.dispatch(taskWithWebhook("\"secret\":\"" + secret + "\""), event("t", 0, "log"));

        Receiver.Request r = receiver.awaitRequests(1).getFirst();
        String signature = r.header("X-Taskcast-Signature");
        assertEquals(hmac(secret, r.body()), signature);
        assertTrue(signature.matches("sha256=[0-9a-f]{64}"), signature);
    }

    @Test
    void anEmptySecretSignsNothing() {
        WebhookDispatcher d = dispatcher();

        d.dispatch(taskWithWebhook("\"secret\":\"\""), event("t", 0, "log"));

        assertNull(receiver.awaitRequests(1).getFirst().header("X-Taskcast-Signature"));
    }

    // ---------------------------------------------------------------- retries

    @Test
    void aFailedAttemptIsRetriedWithTheSameBodyTimestampAndSignature() throws Exception {
        receiver.respond(500, 503, 200);
        WebhookDispatcher d = dispatcher();

        d.dispatch(taskWithWebhook("\"secret\":\"k\""), event("t", 0, "log"));
        awaitIdle(d);

        List<Receiver.Request> attempts = receiver.requests();
        assertEquals(3, attempts.size());
        assertEquals(List.of(1000L, 2000L), sleeper.delays());
        assertTrue(clock.get() > T0 + 2999, "the sleeper moved the clock during the backoff");
        for (Receiver.Request r : attempts) {
            assertArrayEquals(attempts.getFirst().body(), r.body());
            assertEquals("1700000123", r.header("X-Taskcast-Timestamp"), "computed once, before the first attempt");
            assertEquals(hmac("k", r.body()), r.header("X-Taskcast-Signature"));
        }
        assertEquals(List.of(), hooks.failures(), "a late success is a success");
    }

    @Test
    void anyTwoHundredStatusIsSuccessAndAnythingElseAFailure() {
        receiver.respond(204, 404, 301);
        WebhookDispatcher d = dispatcher();
        Task noRetries = taskWithWebhook("\"retry\":{\"retries\":0}");

        d.dispatch(noRetries, event("t", 0, "a"));
        d.dispatch(noRetries, event("t", 1, "b"));
        d.dispatch(noRetries, event("t", 2, "c"));
        awaitIdle(d);

        assertEquals(List.of("Webhook delivery failed after 1 attempts: HTTP 404",
                "Webhook delivery failed after 1 attempts: HTTP 301"), hooks.errors());
    }

    @Test
    void theFinalFailureIsReportedWithTheAttemptCountAndTheLastError() {
        receiver.byDefault(500);
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("\"secret\":\"k\"");

        d.dispatch(t, event("t", 0, "log"));
        hooks.awaitCount(1);

        assertEquals(4, receiver.count(), "retries 3 by default: four attempts");
        WebhookFixture.Failure failure = hooks.failures().getFirst();
        assertEquals("Webhook delivery failed after 4 attempts: HTTP 500", failure.error());
        assertEquals(t.webhookConfigs().getFirst(), failure.webhook());
    }

    // ---------------------------------------------------------------- backoff

    @Test
    void exponentialBackoffDoublesByDefault() {
        assertEquals(List.of(1000L, 2000L, 4000L), backoffOf(null, null));
    }

    @Test
    void exponentialBackoffIsCappedByMaxDelay() {
        assertEquals(List.of(1000L, 2000L, 4000L, 5000L, 5000L),
                backoffOf(null, "{\"retries\":5,\"maxDelayMs\":5000}"));
    }

    @Test
    void linearBackoffGrowsByTheInitialDelayAndIsNotCapped() {
        assertEquals(List.of(1000L, 2000L, 3000L),
                backoffOf(null, "{\"backoff\":\"linear\",\"maxDelayMs\":1500}"));
    }

    @Test
    void fixedBackoffRepeatsTheInitialDelay() {
        assertEquals(List.of(700L, 700L, 700L), backoffOf(null, "{\"backoff\":\"fixed\",\"initialDelayMs\":700}"));
    }

    @Test
    void theGlobalDefaultOverridesTheBuiltInsField() {
        assertEquals(List.of(100L, 200L), backoffOf(retry("{\"retries\":2,\"backoff\":\"linear\",\"initialDelayMs\":100}"),
                null));
    }

    @Test
    void perWebhookFieldsOverrideTheGlobalDefault() {
        assertEquals(List.of(50L, 100L), backoffOf(retry("{\"retries\":2,\"backoff\":\"linear\",\"initialDelayMs\":100}"),
                "{\"initialDelayMs\":50}"));
    }

    @Test
    void perWebhookRetriesZeroMeansOneAttempt() {
        assertEquals(List.of(), backoffOf(retry("{\"retries\":5}"), "{\"retries\":0}"));
        assertEquals(List.of("Webhook delivery failed after 1 attempts: HTTP 500"), hooks.errors());
    }

    @Test
    void aNegativeDelayWaitsNothingInsteadOfFailingTheDelivery() {
        assertEquals(List.of(0L, 0L), backoffOf(null, "{\"retries\":2,\"backoff\":\"fixed\",\"initialDelayMs\":-5}"));
        assertEquals(List.of("Webhook delivery failed after 3 attempts: HTTP 500"), hooks.errors());
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void anAttemptWithoutAResponseWithinTimeoutMsIsAFailure() {
        receiver.byDefault(Receiver.STALL);
        WebhookDispatcher d = dispatcher();

        d.dispatch(taskWithWebhook("\"retry\":{\"retries\":0,\"timeoutMs\":200}"), event("t", 0, "log"));
        hooks.awaitCount(1);

        String error = hooks.errors().getFirst();
        assertTrue(error.startsWith("Webhook delivery failed after 1 attempts: "), error);
        assertTrue(error.contains("timed out"), error);
        assertEquals(1, receiver.count());
    }

    @Test
    void aZeroTimeoutAbortsTheAttemptInsteadOfRejectingTheWebhook() {
        receiver.byDefault(Receiver.STALL);
        WebhookDispatcher d = dispatcher();

        d.dispatch(taskWithWebhook("\"retry\":{\"retries\":0,\"timeoutMs\":0}"), event("t", 0, "log"));
        hooks.awaitCount(1);

        String error = hooks.errors().getFirst();
        assertTrue(error.startsWith("Webhook delivery failed after 1 attempts: "), error);
    }

    @Test
    void aTimedOutAttemptIsRetried() {
        receiver.respond(Receiver.STALL, 200);
        WebhookDispatcher d = dispatcher();

        d.dispatch(taskWithWebhook("\"retry\":{\"retries\":1,\"timeoutMs\":200,\"backoff\":\"fixed\",\"initialDelayMs\":10}"),
                event("t", 0, "log"));
        awaitIdle(d);

        assertEquals(2, receiver.count());
        assertEquals(List.of(10L), sleeper.delays());
        assertEquals(List.of(), hooks.failures());
    }

    // ---------------------------------------------------------------- filter and wrap

    @Test
    void theFilterSkipsNonMatchingEventsWithoutSendingOrFailing() {
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("\"filter\":{\"types\":[\"llm.*\"],\"levels\":[\"info\",\"warn\"],"
                + "\"includeStatus\":false,\"since\":{\"index\":100},\"wrap\":true}");
        List<TaskEvent> events = List.of(
                event("t", 0, TaskEvent.STATUS_TYPE).withData(TaskcastJson.tree("{\"status\":\"running\"}")),
                event("t", 1, "llm.delta"),
                event("t", 2, "llm.delta", Level.DEBUG),
                event("t", 3, "log"),
                event("t", 4, "llm.done", Level.WARN),
                event("t", 5, "llm"));

        events.forEach(e -> d.dispatch(t, e));
        awaitIdle(d);

        assertEquals(List.of(1L, 4L), receiver.requests().stream().map(r -> r.event().index()).toList(),
                "types, levels and includeStatus apply; since and the filter's wrap do not");
        assertEquals(List.of(), hooks.failures());
        assertFalse(TaskcastJson.tree(receiver.requests().getFirst().text()).has("filteredIndex"));
    }

    @Test
    void statusEventsPassAFilterThatDoesNotExcludeThem() {
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("\"filter\":{\"types\":[\"taskcast:status\"]}");

        d.dispatch(t, event("t", 0, TaskEvent.STATUS_TYPE));
        d.dispatch(t, event("t", 1, "log"));
        awaitIdle(d);

        assertEquals(List.of(TaskEvent.STATUS_TYPE), receiver.requests().stream()
                .map(r -> r.header("X-Taskcast-Event")).toList());
    }

    @Test
    void wrapTrueSendsTheSseEnvelopeWithFilteredIndexEqualToRawIndex() throws Exception {
        WebhookDispatcher d = dispatcher();
        TaskEvent e = event("t", 42, "llm.delta");

        d.dispatch(taskWithWebhook("\"wrap\":true,\"secret\":\"k\""), e);

        Receiver.Request r = receiver.awaitRequests(1).getFirst();
        assertArrayEquals(EventEnvelope.of(e, 42), r.body());
        JsonNode body = TaskcastJson.tree(r.text());
        assertEquals(42, body.get("filteredIndex").asLong());
        assertEquals(42, body.get("rawIndex").asLong());
        assertEquals(e.id(), body.get("eventId").asText());
        assertEquals(e.data().toString(), body.get("data").toString());
        assertEquals(hmac("k", r.body()), r.header("X-Taskcast-Signature"), "the signature covers what is sent");
    }

    @Test
    void wrapFalseSendsTheBareEvent() {
        WebhookDispatcher d = dispatcher();
        TaskEvent e = event("t", 3, "x");

        d.dispatch(taskWithWebhook("\"wrap\":false"), e);

        assertArrayEquals(TaskcastJson.writeBytes(e), receiver.awaitRequests(1).getFirst().body());
    }

    // ---------------------------------------------------------------- ordering

    @Test
    void oneWebhookReceivesManyEventsInOrder() {
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("");

        for (long i = 0; i < 500; i++) {
            d.dispatch(t, event("t", i, "e"));
        }
        awaitIdle(d);

        assertEquals(LongStream.range(0, 500).boxed().toList(), indexes(receiver.requests()));
    }

    /**
     * Events arriving just as a webhook's queue runs dry: its lane is retired and a new one is
     * made, and a webhook must never end up with two lanes draining in parallel.
     */
    @Test
    void orderHoldsWhileTheLaneRepeatedlyRunsDryAndRestarts() {
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("");
        int n = 2000;

        for (long i = 0; i < n; i++) {
            d.dispatch(t, event("t", i, "e"));
            if (i % 3 == 0) {
                long seen = i;
                // Let the lane catch up (and go idle) now and then, so that the next dispatch races its retirement.
                Eventually.await(Receiver.WAIT, () -> receiver.count() > seen - 2, () -> "catching up");
            }
        }
        awaitIdle(d);

        assertEquals(LongStream.range(0, n).boxed().toList(), indexes(receiver.requests()));
    }

    @Test
    void eachWebhookOfATaskHasItsOwnOrderedLane() throws Exception {
        try (Receiver second = new Receiver()) {
            WebhookDispatcher d = dispatcher();
            Task t = task("t", "[{\"url\":\"" + receiver.url() + "\"},{\"url\":\"" + second.url("/other") + "\"}]");

            for (long i = 0; i < 100; i++) {
                d.dispatch(t, event("t", i, "e"));
            }
            awaitIdle(d);

            assertEquals(LongStream.range(0, 100).boxed().toList(), indexes(receiver.requests()));
            assertEquals(LongStream.range(0, 100).boxed().toList(), indexes(second.requests()));
            assertTrue(second.requests().stream().allMatch(r -> r.path().equals("/other")));
        }
    }

    // ---------------------------------------------------------------- bounds

    @Test
    void aDeadReceiverIsBoundedAndDoesNotStarveAHealthyWebhook() throws Exception {
        int perWebhook = 50;
        WebhookDispatcher d = dispatcher(null, new WebhookDispatcher.Limits(perWebhook, 100_000));
        String dead = Receiver.deadUrl();
        Task deadTask = task("dead", "[{\"url\":\"" + dead + "\"}]");
        Task healthy = task("ok", "[{\"url\":\"" + receiver.url() + "\"}]");
        int deadEvents = 3000;
        int maxOutstanding = 0;
        long healthyIndex = 0;

        for (long i = 0; i < deadEvents; i++) {
            d.dispatch(deadTask, event("dead", i, "e"));
            if (i % 100 == 0) {
                d.dispatch(healthy, event("ok", healthyIndex++, "e"));
            }
            maxOutstanding = Math.max(maxOutstanding, d.outstanding());
        }
        long healthyEvents = healthyIndex;
        awaitIdle(d);

        assertTrue(maxOutstanding <= 2 * (perWebhook + 1), "outstanding stayed bounded: " + maxOutstanding);
        assertEquals(LongStream.range(0, healthyEvents).boxed().toList(), indexes(receiver.requests()),
                "the healthy webhook got all its events, in order");
        assertEquals(deadEvents, hooks.count(f -> f.webhook().url().equals(dead)),
                "every delivery to the dead receiver is reported exactly once (shed or failed)");
        assertEquals(0, hooks.count(f -> !f.webhook().url().equals(dead)));
        long shed = hooks.count(f -> f.error().startsWith("Webhook delivery shed: too many deliveries outstanding"));
        long failed = hooks.count(f -> f.error().startsWith("Webhook delivery failed after 4 attempts: "));
        assertTrue(shed > 0, "deliveries beyond the bound were shed");
        assertEquals(deadEvents, shed + failed, hooks.errors().stream().distinct().toList().toString());
    }

    @Test
    void deliveriesBeyondThePerWebhookBoundAreShedAndReported() {
        receiver.byDefault(Receiver.STALL);
        WebhookDispatcher d = dispatcher(null, new WebhookDispatcher.Limits(5, 1000));
        Task t = taskWithWebhook("\"retry\":{\"retries\":0,\"timeoutMs\":60000}");
        d.dispatch(t, event("t", 0, "e"));
        receiver.awaitRequests(1);

        for (long i = 1; i < 20; i++) {
            d.dispatch(t, event("t", i, "e"));
        }

        assertEquals(14, hooks.failures().size(), "1 in flight + 5 queued accepted, 14 shed");
        assertEquals(6, d.outstanding());
        assertTrue(hooks.errors().stream().allMatch(e -> e.equals(
                "Webhook delivery shed: too many deliveries outstanding for " + receiver.url())), hooks.errors().toString());
        receiver.release();
        awaitIdle(d);
        assertEquals(LongStream.range(0, 6).boxed().toList(), indexes(receiver.requests()));
        assertEquals(14, hooks.failures().size(), "the accepted ones were delivered");
    }

    @Test
    void deliveriesBeyondTheTotalBoundAreShedAndReported() {
        receiver.byDefault(Receiver.STALL);
        WebhookDispatcher d = dispatcher(null, new WebhookDispatcher.Limits(10, 25));

        for (int task = 0; task < 5; task++) {
            Task t = task("t" + task, "[{\"url\":\"" + receiver.url() + "\",\"retry\":{\"timeoutMs\":60000}}]");
            for (long i = 0; i < 10; i++) {
                d.dispatch(t, event(t.id(), i, "e"));
            }
        }

        assertEquals(25, d.outstanding());
        assertEquals(25, hooks.failures().size());
        receiver.release();
        awaitIdle(d);
        assertEquals(25, receiver.count());
        assertEquals(25, hooks.failures().size(), "the accepted ones were delivered");
    }

    // ---------------------------------------------------------------- robustness

    @Test
    void aThrowingHookDoesNotStopTheWebhooksLane() {
        hooks.throwAfterRecording = true;
        receiver.respond(500);
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("\"retry\":{\"retries\":0}");

        d.dispatch(t, event("t", 0, "a"));
        d.dispatch(t, event("t", 1, "b"));
        awaitIdle(d);

        assertEquals(List.of(0L, 1L), indexes(receiver.requests()));
        assertEquals(1, hooks.failures().size());
    }

    @Test
    void anUnusableUrlIsReportedNotThrown() {
        WebhookDispatcher d = dispatcher();
        Task t = task("t", "[{\"url\":\"ftp://127.0.0.1/x\"},{\"url\":\"" + receiver.url() + "\"}]");

        d.dispatch(t, event("t", 0, "a"));
        awaitIdle(d);

        assertEquals(1, receiver.count());
        assertEquals(1, hooks.failures().size());
        assertTrue(hooks.errors().getFirst().startsWith("Webhook delivery failed"), hooks.errors().toString());
    }

    @Test
    void aTaskWithoutWebhooksSendsNothing() {
        WebhookDispatcher d = dispatcher();

        d.dispatch(task("t", "[]"), event("t", 0, "a"));
        d.dispatch(Task.builder("u", dev.taskcast.api.TaskStatus.RUNNING, T0).build(), event("u", 0, "a"));

        assertEquals(0, d.outstanding());
        assertEquals(0, receiver.count());
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void closeLetsDeliveriesFinishWithinTheDeadline() {
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("");
        for (long i = 0; i < 20; i++) {
            d.dispatch(t, event("t", i, "e"));
        }

        d.close(Duration.ofSeconds(20));

        assertEquals(0, d.outstanding());
        assertEquals(20, receiver.count());
        assertEquals(List.of(), hooks.failures());
    }

    @Test
    void closeReportsWhatIsStillQueuedOrInFlightAtTheDeadline() {
        receiver.byDefault(Receiver.STALL);
        WebhookDispatcher d = dispatcher();
        Task t = taskWithWebhook("\"retry\":{\"retries\":0,\"timeoutMs\":60000}");
        for (long i = 0; i < 5; i++) {
            d.dispatch(t, event("t", i, "e"));
        }
        receiver.awaitRequests(1);

        d.close(Duration.ofMillis(100));

        assertEquals(0, d.outstanding());
        assertEquals(4, hooks.count(f -> f.error().equals("Webhook delivery abandoned at shutdown")));
        assertEquals(1, hooks.count(f -> f.error().equals("Webhook delivery interrupted by shutdown")));
        assertEquals(5, hooks.failures().size());

        d.dispatch(t, event("t", 5, "e"));
        assertEquals("Webhook delivery refused: shutting down", hooks.errors().getLast());
        assertEquals(0, d.outstanding());
    }

    @Test
    void closeInterruptsABackoffWait() throws Exception {
        receiver.byDefault(500);
        WebhookDispatcher d = new WebhookDispatcher(hooks, null, WebhookDispatcher.Limits.DEFAULT,
                WebhookDispatcher.defaultHttpClient(), Thread::sleep, clock::get);
        d.dispatch(taskWithWebhook("\"retry\":{\"backoff\":\"fixed\",\"initialDelayMs\":600000}"), event("t", 0, "e"));
        receiver.awaitRequests(1);

        d.close(Duration.ofMillis(50));

        assertEquals(List.of("Webhook delivery interrupted by shutdown"), hooks.errors());
        assertEquals(1, receiver.count(), "no attempt after the interrupted wait");
    }

    // ---------------------------------------------------------------- helpers

    private static List<Long> indexes(List<Receiver.Request> requests) {
        return requests.stream().map(r -> r.event().index()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

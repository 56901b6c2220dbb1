package dev.taskcast.server.metrics;

import dev.taskcast.api.TaskStatus;
import dev.taskcast.engine.metrics.EngineMetrics;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.http.ApiRoutes;
import dev.taskcast.server.sse.EventStreams;
import dev.taskcast.server.sse.StreamMetrics;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToLongFunction;

/**
 * The server's meters on Helidon's meter registry, served as Prometheus text at {@code /metrics}.
 * Every meter is looked up once, when this object is built (or, for HTTP requests, the first time
 * a route answers with a status class), so the hot paths only increment a counter or record a
 * timer.
 *
 * <p>Helidon keeps one registry per process. Counters are therefore cumulative over every server
 * started in the JVM (one in production); gauges sum over the servers currently running.
 */
public final class ServerMetrics implements EngineMetrics, StreamMetrics, AutoCloseable {

    /** Prefix of every meter name (Prometheus turns the dots into underscores). */
    static final String PREFIX = "taskcast.";

    /** Buckets of the store latency histogram: from half a millisecond to five seconds. */
    static final Duration[] STORE_BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5)};

    private static final Set<ServerMetrics> LIVE = ConcurrentHashMap.newKeySet();
    private static final Object GAUGES_LOCK = new Object();
    private static boolean gaugesRegistered;

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final Counter tasksCreated;
    private final Map<TaskStatus, Counter> transitions = new EnumMap<>(TaskStatus.class);
    private final Counter userEvents;
    private final Counter statusEvents;
    private final Counter webhookAttempts;
    private final Counter webhookSuccesses;
    private final Counter webhookFailures;
    private final Counter webhookShed;
    private final Counter taskStreamsOpened;
    private final Counter taskStreamsClosed;
    private final Counter globalStreamsOpened;
    private final Counter globalStreamsClosed;
    private final Counter sseEventsSent;
    private final Counter slowQueueFull;
    private final Counter slowWriteTimeout;
    /** [route index * 5 + status class] → counter, created on first use. */
    private final AtomicReferenceArray<Counter> httpRequests;

    private volatile TaskEngine engine;
    private volatile EventStreams streams;

    /** Meters on Helidon's (process-wide) registry. */
    public ServerMetrics() {
        this(Services.get(MeterRegistry.class));
    }

    ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        tasksCreated = counter("tasks.created", "Tasks created on this instance");
        for (TaskStatus s : TaskStatus.values()) {
            transitions.put(s, counter("tasks.transitioned", "Status transitions, by target status",
                    Tag.create("status", s.wireName())));
        }
        userEvents = counter("events.published", "Events stored and broadcast, by kind (status: the event of a"
                + " transition)", Tag.create("kind", "user"));
        statusEvents = counter("events.published", "Events stored and broadcast, by kind (status: the event of a"
                + " transition)", Tag.create("kind", "status"));
        webhookAttempts = counter("webhook.attempts", "HTTP attempts of webhook deliveries (retries included)");
        webhookSuccesses = counter("webhook.deliveries", "Webhook deliveries, by outcome",
                Tag.create("outcome", "success"));
        webhookFailures = counter("webhook.deliveries", "Webhook deliveries, by outcome",
                Tag.create("outcome", "failure"));
        webhookShed = counter("webhook.deliveries", "Webhook deliveries, by outcome", Tag.create("outcome", "shed"));
        taskStreamsOpened = counter("sse.streams.opened", "SSE streams opened, by stream kind",
                Tag.create("stream", "task"));
        globalStreamsOpened = counter("sse.streams.opened", "SSE streams opened, by stream kind",
                Tag.create("stream", "global"));
        taskStreamsClosed = counter("sse.streams.closed", "SSE streams closed, by stream kind",
                Tag.create("stream", "task"));
        globalStreamsClosed = counter("sse.streams.closed", "SSE streams closed, by stream kind",
                Tag.create("stream", "global"));
        sseEventsSent = counter("sse.events.sent", "taskcast.event messages written to SSE clients");
        slowQueueFull = counter("sse.slow.disconnects", "SSE streams cut off because the client did not keep up",
                Tag.create("reason", "queue_full"));
        slowWriteTimeout = counter("sse.slow.disconnects", "SSE streams cut off because the client did not keep up",
                Tag.create("reason", "write_timeout"));
        httpRequests = new AtomicReferenceArray<>(ApiRoutes.count() * STATUS_CLASSES.length);
        registerGauges(registry);
    }

    /** Starts reporting the gauges of {@code engine} and {@code streams}; {@link #close()} stops it. */
    public void bind(TaskEngine engine, EventStreams streams) {
        this.engine = engine;
        this.streams = streams;
        LIVE.add(this);
    }

    private Counter counter(String name, String description, Tag... tags) {
        return registry.getOrCreate(Counter.builder(PREFIX + name).description(description).tags(List.of(tags)));
    }

    /** A store latency timer; {@code layer} is shortTermStore, longTermStore or broadcast. */
    Timer storeTimer(String layer, String provider, String operation) {
        return registry.getOrCreate(Timer.builder(PREFIX + "store.operation")
                .description("Latency of storage adapter calls, by layer, provider and operation")
                .buckets(STORE_BUCKETS)
                .percentiles(new double[0])
                .tags(List.of(Tag.create("layer", layer), Tag.create("provider", provider),
                        Tag.create("operation", operation))));
    }

    private static void registerGauges(MeterRegistry registry) {
        synchronized (GAUGES_LOCK) {
            if (gaugesRegistered) {
                return;
            }
            registry.getOrCreate(Gauge.builder(PREFIX + "sse.subscribers", () -> sum(m -> m.openStreams()))
                    .description("SSE streams open now (task and global)"));
            registry.getOrCreate(Gauge.builder(PREFIX + "long.term.backlog", () -> sum(m -> m.longTermBacklog()))
                    .description("Long-term store writes queued or in progress (retries included)"));
            registry.getOrCreate(FunctionalCounter.builder(PREFIX + "long.term.write.failures", LIVE,
                            live -> sum(m -> m.longTermDropped()))
                    .description("Long-term store writes given up (queue full, permanent failure, shutdown)"));
            gaugesRegistered = true;
        }
    }

    private static Long sum(ToLongFunction<ServerMetrics> f) {
        long total = 0;
        for (ServerMetrics m : LIVE) {
            total += f.applyAsLong(m);
        }
        return total;
    }

    private long openStreams() {
        EventStreams s = streams;
        return s == null ? 0 : s.openStreams();
    }

    private long longTermBacklog() {
        TaskEngine e = engine;
        return e == null ? 0 : e.longTermBacklog();
    }

    private long longTermDropped() {
        TaskEngine e = engine;
        return e == null ? 0 : e.longTermDropped();
    }

    // ---- HTTP --------------------------------------------------------------------------------

    /** One HTTP request answered: {@code route} from {@link ApiRoutes#match}, {@code status} its code. */
    public void httpRequest(ApiRoutes.Route route, int status) {
        int statusClass = Math.min(Math.max(status / 100, 1), 5) - 1;
        int slot = route.index() * STATUS_CLASSES.length + statusClass;
        Counter c = httpRequests.get(slot);
        if (c == null) {
            c = registry.getOrCreate(Counter.builder(PREFIX + "http.requests")
                    .description("HTTP requests, by route template, method and status class")
                    .tags(List.of(Tag.create("method", route.method()), Tag.create("route", route.template()),
                            Tag.create("status", STATUS_CLASSES[statusClass]))));
            httpRequests.set(slot, c);
        }
        c.increment();
    }

    // ---- engine ------------------------------------------------------------------------------

    @Override
    public void taskCreated() {
        tasksCreated.increment();
    }

    @Override
    public void taskTransitioned(TaskStatus to) {
        transitions.get(to).increment();
    }

    @Override
    public void eventPublished(boolean statusEvent) {
        (statusEvent ? statusEvents : userEvents).increment();
    }

    @Override
    public void webhookAttempt() {
        webhookAttempts.increment();
    }

    @Override
    public void webhookSucceeded() {
        webhookSuccesses.increment();
    }

    @Override
    public void webhookFailed() {
        webhookFailures.increment();
    }

    @Override
    public void webhookShed() {
        webhookShed.increment();
    }

    // ---- SSE ---------------------------------------------------------------------------------

    @Override
    public void streamOpened(boolean global) {
        (global ? globalStreamsOpened : taskStreamsOpened).increment();
    }

    @Override
    public void streamClosed(boolean global) {
        (global ? globalStreamsClosed : taskStreamsClosed).increment();
    }

    @Override
    public void eventSent() {
        sseEventsSent.increment();
    }

    @Override
    public void slowSubscriberDisconnected(SlowReason reason) {
        (reason == SlowReason.QUEUE_FULL ? slowQueueFull : slowWriteTimeout).increment();
    }

    /** Stops contributing to the gauges (the server stopped). */
    @Override
    public void close() {
        LIVE.remove(this);
    }
}

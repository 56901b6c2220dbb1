package dev.taskcast.engine.webhook;

import dev.taskcast.api.RetryConfig;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.WebhookConfig;
import dev.taskcast.engine.metrics.EngineMetrics;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.spi.TaskcastHooks;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Delivers every emitted event to its task's webhooks (webhooks-hooks-cleanup.md §1.3) without ever
 * delaying the publish: each webhook of each task has its own ordered queue drained by one virtual
 * thread while it has work. Outstanding deliveries are bounded overall and per webhook; what does
 * not fit is shed and reported through {@code onWebhookFailed}, so a dead receiver cannot grow
 * memory or starve the others.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    /** Bounds on outstanding work: queued per webhook, and accepted (queued or in flight) overall. */
    public record Limits(int perWebhook, int total) {
        public static final Limits DEFAULT = new Limits(1_000, 50_000);

        public Limits {
            if (perWebhook < 1 || total < 1) {
                throw new IllegalArgumentException("webhook limits must be positive: " + perWebhook + ", " + total);
            }
        }
    }

    private record Delivery(TaskEvent event, WebhookConfig config) {
    }

    /**
     * One webhook's ordered queue. Guarded by its monitor. A lane leaves the map only when it is
     * empty and idle, and is then {@code retired}: a submitter that still holds it looks again, so
     * a webhook never has two lanes (two drainers would break its order and its bound).
     */
    private static final class Lane {
        final ArrayDeque<Delivery> pending = new ArrayDeque<>();
        /** The thread draining the lane, while there is one. */
        Thread drainer;
        boolean retired;
    }

    private final WebhookSender sender;
    private final TaskcastHooks hooks;
    private final EngineMetrics metrics;
    private final RetryConfig defaults;
    private final Limits limits;
    private final Semaphore capacity;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile boolean closing;
    /** How long close waits for interrupted deliveries to report themselves. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    public WebhookDispatcher(TaskcastHooks hooks, RetryConfig globalDefault, Limits limits) {
        this(hooks, globalDefault, limits, EngineMetrics.NONE);
    }

    /** As above, counting attempts, successes, failures and shed deliveries in {@code metrics}. */
    public WebhookDispatcher(TaskcastHooks hooks, RetryConfig globalDefault, Limits limits, EngineMetrics metrics) {
        this(hooks, globalDefault, limits, new LazyHttpClient(), Thread::sleep, System::currentTimeMillis, metrics);
    }

    /**
     * The HTTP client of the public constructor (tests build the same one around their own sleeper and
     * clock). HTTP/1.1 as the original's {@code fetch}: the JDK default (HTTP/2) would add
     * {@code Connection: Upgrade, HTTP2-Settings}, {@code Upgrade: h2c} and {@code HTTP2-Settings} to
     * every plain-http delivery, which the webhook contract does not list and receivers or proxies in
     * front of them may refuse.
     */
    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * {@link #defaultHttpClient()}, built on the first delivery. Building it initialises TLS (the
     * default trust store) and the client's selector: a quarter of a second that was part of every
     * server's start, needed only by servers that deliver webhooks.
     */
    private static final class LazyHttpClient implements Supplier<HttpClient> {
        private final ReentrantLock lock = new ReentrantLock();
        private volatile HttpClient client;

        @Override
        public HttpClient get() {
            HttpClient c = client;
            if (c == null) {
                lock.lock();
                try {
                    c = client;
                    if (c == null) {
                        client = c = defaultHttpClient();
                    }
                } finally {
                    lock.unlock();
                }
            }
            return c;
        }
    }

    WebhookDispatcher(TaskcastHooks hooks, RetryConfig globalDefault, Limits limits, HttpClient http,
                      WebhookSender.Sleeper sleeper, LongSupplier clock) {
        this(hooks, globalDefault, limits, http, sleeper, clock, EngineMetrics.NONE);
    }

    WebhookDispatcher(TaskcastHooks hooks, RetryConfig globalDefault, Limits limits, HttpClient http,
                      WebhookSender.Sleeper sleeper, LongSupplier clock, EngineMetrics metrics) {
        this(hooks, globalDefault, limits, () -> http, sleeper, clock, metrics);
    }

    private WebhookDispatcher(TaskcastHooks hooks, RetryConfig globalDefault, Limits limits,
                              Supplier<HttpClient> http, WebhookSender.Sleeper sleeper, LongSupplier clock,
                              EngineMetrics metrics) {
        this.sender = new WebhookSender(http, sleeper, clock, metrics);
        this.metrics = metrics;
        this.hooks = hooks;
        this.defaults = RetryConfig.DEFAULTS.overriddenBy(globalDefault);
        this.limits = limits;
        this.capacity = new Semaphore(limits.total());
    }

    /** Delivers every event {@code engine} emits from now on. */
    public void attach(TaskEngine engine) {
        engine.onEventEmitted(e -> dispatch(e.task(), e.event()));
    }

    /** Queues {@code event} for every webhook of {@code task}; never blocks. */
    void dispatch(Task task, TaskEvent event) {
        List<WebhookConfig> webhooks = task.webhookConfigs();
        for (int i = 0; i < webhooks.size(); i++) {
            submit(task.id() + "#" + i, new Delivery(event, webhooks.get(i)));
        }
    }

    private void submit(String laneKey, Delivery d) {
        if (d.config().url() == null) {
            return;
        }
        if (closing) {
            refuse(d);
            return;
        }
        if (!capacity.tryAcquire()) {
            shed(d);
            return;
        }
        while (true) {
            Lane lane = lanes.computeIfAbsent(laneKey, k -> new Lane());
            Thread start = null;
            boolean refused = false;
            boolean full = false;
            synchronized (lane) {
                if (lane.retired) {
                    continue; // emptied and removed while we looked it up: take the current lane
                }
                if (closing) {
                    refused = true;
                } else if (lane.pending.size() >= limits.perWebhook()) {
                    full = true;
                } else {
                    lane.pending.add(d);
                    if (lane.drainer == null) {
                        start = Thread.ofVirtual().name("taskcast-webhook").unstarted(() -> drain(laneKey, lane));
                        lane.drainer = start;
                    }
                }
            }
            // Hooks are called outside the lane's monitor: a slow hook must not hold up the lane.
            if (refused || full) {
                capacity.release();
                if (refused) {
                    refuse(d);
                } else {
                    shed(d);
                }
            } else if (start != null) {
                start.start();
            }
            return;
        }
    }

    private void drain(String key, Lane lane) {
        while (true) {
            Delivery d;
            synchronized (lane) {
                d = lane.pending.poll();
                if (d == null) {
                    lane.drainer = null;
                    lane.retired = true;
                    lanes.remove(key, lane);
                    return;
                }
            }
            try {
                deliver(d);
            } finally {
                capacity.release();
            }
        }
    }

    private void deliver(Delivery d) {
        try {
            if (sender.send(d.event(), d.config(), defaults.overriddenBy(d.config().retry()))) {
                metrics.webhookSucceeded();
            }
        } catch (WebhookSender.WebhookDeliveryException e) {
            LOG.log(Level.WARNING, "webhook for task " + d.event().taskId() + ": " + e.getMessage());
            metrics.webhookFailed();
            report(d, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.webhookFailed();
            report(d, "Webhook delivery interrupted by shutdown");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook for task " + d.event().taskId() + " failed", e);
            metrics.webhookFailed();
            report(d, "Webhook delivery failed: " + e.getMessage());
        }
    }

    private void shed(Delivery d) {
        metrics.webhookShed();
        report(d, "Webhook delivery shed: too many deliveries outstanding for " + d.config().url());
    }

    private void refuse(Delivery d) {
        metrics.webhookFailed();
        report(d, "Webhook delivery refused: shutting down");
    }

    /** A hook that throws must not kill a lane's drainer (the lane would never drain again). */
    private void report(Delivery d, String error) {
        try {
            hooks.onWebhookFailed(d.config(), error);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "onWebhookFailed hook failed", e);
        }
    }

    /** Deliveries accepted and not yet finished. */
    public int outstanding() {
        return limits.total() - capacity.availablePermits();
    }

    /**
     * Stops accepting deliveries (later ones are reported as refused) and gives the accepted ones
     * until {@code deadline} to finish. Then every delivery still queued is reported as abandoned,
     * and every one still in flight (an attempt or a backoff wait) is interrupted, which reports it
     * as interrupted; this waits briefly for those reports.
     */
    public void close(Duration deadline) {
        closing = true;
        awaitIdle(System.nanoTime() + deadline.toNanos());
        if (outstanding() == 0) {
            return;
        }
        List<Thread> inFlight = new ArrayList<>();
        List<Delivery> abandoned = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                abandoned.addAll(lane.pending);
                lane.pending.clear();
                if (lane.drainer != null) {
                    inFlight.add(lane.drainer);
                }
            }
        }
        for (Delivery d : abandoned) {
            capacity.release();
            metrics.webhookFailed();
            report(d, "Webhook delivery abandoned at shutdown");
        }
        inFlight.forEach(Thread::interrupt);
        awaitIdle(System.nanoTime() + INTERRUPT_GRACE.toNanos());
    }

    private void awaitIdle(long endNanos) {
        while (outstanding() > 0 && System.nanoTime() < endNanos) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}

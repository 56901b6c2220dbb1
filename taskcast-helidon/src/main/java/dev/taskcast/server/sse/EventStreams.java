package dev.taskcast.server.sse;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.SubscribeFilter;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.engine.filter.EventFilter;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.spi.Subscription;
import io.helidon.webserver.http.ServerResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves the task stream ({@code GET /tasks/{id}/events}) and the global stream ({@code GET /events})
 * once the HTTP layer has authenticated, validated and authorized the request.
 */
public final class EventStreams {
    private static final System.Logger LOG = System.getLogger(EventStreams.class.getName());
    private static final long GLOBAL_KEEPALIVE_MS = 30_000;

    private final TaskEngine engine;
    private final TaskFanout fanout;
    private final long keepaliveMs;
    private final int queueCapacity;
    private final long writeTimeoutNanos;
    private final Set<Subscriber> globalSubscribers = ConcurrentHashMap.newKeySet();
    /** Every open stream (task and global), watched for writes blocked past the write timeout. */
    private final Set<Subscriber> open = ConcurrentHashMap.newKeySet();
    private final Subscription interruptions;
    private final ScheduledExecutorService watchdog;
    private volatile boolean shuttingDown;
    private volatile StreamMetrics metrics = StreamMetrics.NONE;

    public EventStreams(TaskEngine engine, long keepaliveMs, int queueCapacity) {
        this(engine, keepaliveMs, queueCapacity, 0);
    }

    /**
     * @param writeTimeoutMs a stream whose write to the client has been blocked this long is closed
     *                       (0: never); checked by a watchdog about four times per timeout
     */
    public EventStreams(TaskEngine engine, long keepaliveMs, int queueCapacity, long writeTimeoutMs) {
        this.engine = engine;
        this.fanout = new TaskFanout(engine);
        this.keepaliveMs = keepaliveMs;
        this.queueCapacity = queueCapacity;
        this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMs);
        // The broadcast lost messages (Redis pub/sub connection dropped): live streams cannot know
        // what they missed, so they end and their clients resume from the history (Last-Event-ID).
        this.interruptions = engine.onDeliveryInterrupted(this::endLiveStreams);
        if (writeTimeoutMs > 0) {
            long period = Math.max(50, writeTimeoutMs / 4);
            this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "taskcast-sse-watchdog");
                t.setDaemon(true);
                return t;
            });
            watchdog.scheduleWithFixedDelay(this::abortStalledWrites, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.watchdog = null;
        }
    }

    private void abortStalledWrites() {
        long now = System.nanoTime();
        for (Subscriber s : open) {
            if (s.abortIfStalled(now, writeTimeoutNanos)) {
                LOG.log(Level.INFO, "SSE client stopped reading (write blocked for more than "
                        + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms); stream closed");
            }
        }
    }

    private void endLiveStreams() {
        int n = open.size();
        if (n > 0) {
            LOG.log(Level.WARNING, "broadcast connection lost; ending " + n + " live SSE stream(s) so that clients"
                    + " resume from the history");
        }
        fanout.closeAll();
        globalSubscribers.forEach(Subscriber::close);
    }

    public TaskFanout fanout() {
        return fanout;
    }

    /** Streams task {@code taskId} (known to exist) to {@code res} until it ends. */
    public void streamTask(String taskId, StreamOptions options, ServerResponse res) {
        String clientId = UlidCreator.getMonotonicUlid().toString();
        long started = System.currentTimeMillis();
        Subscriber subscriber = new Subscriber(queueCapacity);
        subscriber.bindWriter(Thread.currentThread());
        fanout.join(taskId, subscriber);
        boolean connected = false;
        try {
            // After joining: if the broadcast drops from now on, the interruption ends this stream;
            // if it is down already (or not re-subscribed yet), live events would be lost: 503.
            engine.requireLiveDelivery();
            engine.hooks().onSSEConnect(taskId, clientId);
            connected = true;
            open.add(subscriber);
            metrics.streamOpened(false);
            if (shuttingDown) {
                return;
            }
            OutputStream out = new Watched(SseResponses.open(res), subscriber);
            new TaskEventStream(engine, taskId, options, out, keepaliveMs, metrics).run(subscriber);
            out.close();
        } catch (Subscriber.StreamClosed closed) {
            closeQuietly(res);
        } catch (IOException | UncheckedIOException e) {
            // The client went away; nothing to tell it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscriber.unbindWriter();
            open.remove(subscriber);
            if (subscriber.overflowed()) {
                // Ended by the StreamClosed marker or by the interrupted (blocked) write.
                LOG.log(Level.INFO, "SSE subscriber of task " + taskId + " fell behind; stream closed");
            }
            countSlow(subscriber);
            fanout.leave(taskId, subscriber);
            if (connected) {
                metrics.streamClosed(false);
                engine.hooks().onSSEDisconnect(taskId, clientId, System.currentTimeMillis() - started);
            }
        }
    }

    /**
     * The global stream (http-api.md §8): events of tasks created on this instance after the
     * connection opened, as envelopes with {@code filteredIndex} 0, keepalive every 30 s.
     */
    public void streamGlobal(SubscribeFilter filter, ServerResponse res) {
        engine.requireLiveDelivery();
        Subscriber subscriber = new Subscriber(queueCapacity);
        subscriber.bindWriter(Thread.currentThread());
        Map<String, Subscription> taskSubscriptions = new ConcurrentHashMap<>();
        globalSubscribers.add(subscriber);
        open.add(subscriber);
        metrics.streamOpened(true);
        Subscription creations = engine.onTaskCreated((Task task) -> {
            Subscription s = engine.subscribe(task.id(), (BroadcastMessage m) -> subscriber.offer(new LiveEvent(m)));
            taskSubscriptions.put(task.id(), s);
        });
        try {
            OutputStream out = new Watched(SseResponses.open(res), subscriber);
            out.write(SseFrames.KEEPALIVE);
            out.flush();
            while (!shuttingDown) {
                LiveEvent e = subscriber.poll(GLOBAL_KEEPALIVE_MS);
                if (e == null) {
                    out.write(SseFrames.KEEPALIVE);
                } else {
                    do {
                        TaskEvent event = e.event();
                        if (EventFilter.matches(event, filter)) {
                            SseFrames.writeFrame(out, e.frame(false, true), true, 0);
                            metrics.eventSent();
                        }
                        if (event.terminalStatus() != null) {
                            Subscription s = taskSubscriptions.remove(event.taskId());
                            if (s != null) {
                                s.close();
                            }
                        }
                        e = subscriber.pollNow();
                    } while (e != null);
                }
                out.flush();
            }
            out.close();
        } catch (Subscriber.StreamClosed closed) {
            closeQuietly(res);
        } catch (IOException | UncheckedIOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscriber.unbindWriter();
            creations.close();
            taskSubscriptions.values().forEach(Subscription::close);
            globalSubscribers.remove(subscriber);
            open.remove(subscriber);
            countSlow(subscriber);
            metrics.streamClosed(true);
        }
    }

    /** Counts streams on this instance from now on ({@code /metrics}); call before serving. */
    public void useMetrics(StreamMetrics m) {
        this.metrics = m;
    }

    private void countSlow(Subscriber subscriber) {
        if (subscriber.overflowed()) {
            metrics.slowSubscriberDisconnected(StreamMetrics.SlowReason.QUEUE_FULL);
        } else if (subscriber.stalled()) {
            metrics.slowSubscriberDisconnected(StreamMetrics.SlowReason.WRITE_TIMEOUT);
        }
    }

    /** End every open stream so that graceful shutdown does not wait for clients. */
    public void shutdown() {
        shuttingDown = true;
        interruptions.close();
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        fanout.closeAll();
        globalSubscribers.forEach(Subscriber::close);
    }

    /** Open streams on this instance (task and global). */
    public int openStreams() {
        return open.size();
    }

    /** Marks every write and flush to the client, so the watchdog can see one that blocks. */
    private static final class Watched extends FilterOutputStream {
        private final Subscriber subscriber;

        Watched(OutputStream out, Subscriber subscriber) {
            super(out);
            this.subscriber = subscriber;
        }

        @Override
        public void write(int b) throws IOException {
            subscriber.writing();
            try {
                out.write(b);
            } finally {
                subscriber.wrote();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            subscriber.writing();
            try {
                out.write(b, off, len);
            } finally {
                subscriber.wrote();
            }
        }

        @Override
        public void flush() throws IOException {
            subscriber.writing();
            try {
                out.flush();
            } finally {
                subscriber.wrote();
            }
        }

        @Override
        public void close() throws IOException {
            subscriber.writing();
            try {
                out.close();
            } finally {
                subscriber.wrote();
            }
        }
    }

    private static void closeQuietly(ServerResponse res) {
        try {
            res.outputStream().close();
        } catch (RuntimeException | IOException ignored) {
            // Already closed or the client is gone.
        }
    }
}

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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Set<Subscriber> globalSubscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public EventStreams(TaskEngine engine, long keepaliveMs, int queueCapacity) {
        this.engine = engine;
        this.fanout = new TaskFanout(engine);
        this.keepaliveMs = keepaliveMs;
        this.queueCapacity = queueCapacity;
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
        engine.hooks().onSSEConnect(taskId, clientId);
        try {
            if (shuttingDown) {
                return;
            }
            OutputStream out = SseResponses.open(res);
            new TaskEventStream(engine, taskId, options, out, keepaliveMs).run(subscriber);
            out.close();
        } catch (Subscriber.StreamClosed closed) {
            closeQuietly(res);
        } catch (IOException | UncheckedIOException e) {
            // The client went away; nothing to tell it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscriber.unbindWriter();
            if (subscriber.overflowed()) {
                // Ended by the StreamClosed marker or by the interrupted (blocked) write.
                LOG.log(Level.INFO, "SSE subscriber of task " + taskId + " fell behind; stream closed");
            }
            fanout.leave(taskId, subscriber);
            engine.hooks().onSSEDisconnect(taskId, clientId, System.currentTimeMillis() - started);
        }
    }

    /**
     * The global stream (http-api.md §8): events of tasks created on this instance after the
     * connection opened, as envelopes with {@code filteredIndex} 0, keepalive every 30 s.
     */
    public void streamGlobal(SubscribeFilter filter, ServerResponse res) {
        Subscriber subscriber = new Subscriber(queueCapacity);
        subscriber.bindWriter(Thread.currentThread());
        Map<String, Subscription> taskSubscriptions = new ConcurrentHashMap<>();
        globalSubscribers.add(subscriber);
        Subscription creations = engine.onTaskCreated((Task task) -> {
            Subscription s = engine.subscribe(task.id(), (BroadcastMessage m) -> subscriber.offer(new LiveEvent(m)));
            taskSubscriptions.put(task.id(), s);
        });
        try {
            OutputStream out = SseResponses.open(res);
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
                            SseFrames.writeEvent(out, event.id(), e.payload(false, true), true, 0);
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
        }
    }

    /** End every open stream so that graceful shutdown does not wait for clients. */
    public void shutdown() {
        shuttingDown = true;
        fanout.closeAll();
        globalSubscribers.forEach(Subscriber::close);
    }

    private static void closeQuietly(ServerResponse res) {
        try {
            res.outputStream().close();
        } catch (RuntimeException | IOException ignored) {
            // Already closed or the client is gone.
        }
    }
}

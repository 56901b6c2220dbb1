package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.storage.contract.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 5 (docs/reliability.md): two server processes of the packaged distribution on one Redis
 * and one PostgreSQL, steady publishing, 100 subscribers spread over both; one is killed with
 * {@code kill -9}. Subscribers reconnect to the survivor with Last-Event-ID and resume; publishers
 * fail over. Afterwards no subscriber's sequence misses an acknowledged event or holds one twice,
 * every sequence is in history order, and every task's status agrees with its history.
 */
class InstanceCrashTest {
    private static final int TASKS = 10; // 5 publishers x 2 tasks
    private static final int SUBSCRIBERS = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private String prefix;
    private String schema;
    private DistInstance a;
    private DistInstance b;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() {
        prefix = Env.unique("tc-rel-crash-");
        schema = Env.unique("tc_rel_crash_");
        Env.createSchema(schema);
        String yaml = DistInstance.config(prefix, schema, "sse:\n  keepaliveMs: 1000\n");
        a = DistInstance.start("crash-a", yaml, Map.of("TASKCAST_AUTO_MIGRATE", "1"), "-Xmx512m");
        b = DistInstance.start("crash-b", yaml, Map.of(), "-Xmx512m");
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        MiniRedis.cleanup(prefix);
        Env.dropSchema(schema);
    }

    private record Reply(int status, String body) {
        JsonNode json() {
            return TaskcastJson.tree(body);
        }
    }

    private Reply call(int port, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        r = json == null ? r.method(method, HttpRequest.BodyPublishers.noBody())
                : r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), res.body());
    }

    /** A port that is alive right now: {@code preferred} unless it was killed. */
    private int alive(DistInstance preferred) {
        return preferred.alive() ? preferred.port() : (preferred == a ? b : a).port();
    }

    @Test
    void killingOneInstanceLosesAndDuplicatesNothing() throws Exception {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            Reply c = call(i % 2 == 0 ? a.port() : b.port(), "POST", "/tasks", "{\"type\":\"crash\"}");
            assertEquals(201, c.status(), c.body());
            String id = c.json().get("id").asText();
            assertEquals(200, call(a.port(), "PATCH", "/tasks/" + id + "/status", "{\"status\":\"running\"}").status());
            tasks.add(id);
        }
        Map<ResumingSubscriber, String> subs = new HashMap<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            DistInstance home = i % 2 == 0 ? a : b;
            String task = tasks.get(i % TASKS);
            subs.put(new ResumingSubscriber(() -> alive(home), "/tasks/" + task + "/events", null, 100, false), task);
        }
        Eventually.await(WAIT, () -> subs.keySet().stream().allMatch(ResumingSubscriber::connected), () -> "subscribers open");

        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        tasks.forEach(t -> acknowledged.put(t, ConcurrentHashMap.newKeySet()));
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger total = new AtomicInteger();
        // One writer per task (as a worker streaming its task's output), publishers split over both
        // instances, each failing over to the survivor. Concurrent writers on one task would make the
        // history order differ from the delivery order (storage.md §6), which no cursor can resume exactly.
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            DistInstance home = p % 2 == 0 ? a : b;
            List<String> mine = List.of(tasks.get(2 * p), tasks.get(2 * p + 1));
            publishers.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                while (publishing.get()) {
                    String task = mine.get(n++ % mine.size());
                    try {
                        Reply r = call(alive(home), "POST", "/tasks/" + task + "/events",
                                "{\"type\":\"tick\",\"level\":\"info\",\"data\":{\"n\":" + n + "}}");
                        if (r.status() == 201) {
                            acknowledged.get(task).add(r.json().get("id").asText());
                            total.incrementAndGet();
                        } else {
                            unexpected.add(r.status() + " " + r.body());
                        }
                        Thread.sleep(5);
                    } catch (IOException e) {
                        // the instance died under this request: its outcome is unknown, not acknowledged
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Eventually.await(WAIT, () -> total.get() >= 600, () -> "published " + total.get());

        a.kill();
        long killedAt = System.nanoTime();
        int atKill = total.get();

        Eventually.await(WAIT, () -> subs.keySet().stream().allMatch(ResumingSubscriber::connected)
                && total.get() > atKill + 600, () -> "resumed: " + subs.keySet().stream().filter(s -> !s.connected()).count()
                + " subscribers disconnected, published " + (total.get() - atKill) + " since the kill");
        Figures.record("InstanceCrashTest", "all subscribers streaming from the survivor after kill -9 (ms)",
                (System.nanoTime() - killedAt) / 1_000_000);
        publishing.set(false);
        for (Thread t : publishers) {
            t.join();
        }
        for (String t : tasks) {
            Reply r = call(b.port(), "PATCH", "/tasks/" + t + "/status", "{\"status\":\"completed\"}");
            assertEquals(200, r.status(), r.body());
        }
        for (ResumingSubscriber s : subs.keySet()) {
            assertTrue(s.awaitDone(WAIT.toMillis()), "a subscriber did not get taskcast.done");
        }

        int checkedEvents = 0;
        for (String t : tasks) {
            Reply h = call(b.port(), "GET", "/tasks/" + t + "/events/history", null);
            assertEquals(200, h.status());
            List<String> history = new ArrayList<>();
            String lastStatus = null;
            for (JsonNode e : h.json()) {
                history.add(e.get("id").asText());
                if ("taskcast:status".equals(e.get("type").asText())) {
                    lastStatus = e.get("data").get("status").asText();
                }
            }
            Reply task = call(b.port(), "GET", "/tasks/" + t, null);
            assertEquals(lastStatus, task.json().get("status").asText(), "task status contradicts its history: " + t);
            Set<String> historySet = new HashSet<>(history);
            assertTrue(historySet.containsAll(acknowledged.get(t)), "an acknowledged event is missing from the history");
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < history.size(); i++) {
                position.put(history.get(i), i);
            }
            for (Map.Entry<ResumingSubscriber, String> e : subs.entrySet()) {
                if (!e.getValue().equals(t)) {
                    continue;
                }
                List<String> got = e.getKey().ids();
                assertEquals(new HashSet<>(got).size(), got.size(), "a subscriber received an event twice");
                assertTrue(new HashSet<>(got).containsAll(acknowledged.get(t)),
                        "a subscriber misses an acknowledged event");
                int last = -1;
                for (String id : got) {
                    Integer p = position.get(id);
                    assertTrue(p != null && p > last, "a subscriber's sequence is not in history order");
                    last = p;
                }
                checkedEvents += got.size();
            }
        }
        Figures.record("InstanceCrashTest", "acknowledged events / subscriber deliveries checked / reconnects",
                total.get() + " / " + checkedEvents + " / "
                        + subs.keySet().stream().mapToInt(s -> s.connections() - 1).sum());
        assertTrue(unexpected.isEmpty(), () -> "unexpected answers: " + unexpected);
        subs.keySet().forEach(ResumingSubscriber::close);
    }
}

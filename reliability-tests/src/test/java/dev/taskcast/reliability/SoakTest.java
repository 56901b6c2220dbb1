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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 7 (docs/reliability.md), run by {@code reliability/soak.sh} (not by the normal build):
 * one server process of the packaged distribution on Redis + PostgreSQL under mixed load for
 * {@code soak.minutes} (default 10): task lifecycles with single and batch publishes (plain events
 * and an accumulate series), {@code soak.subscribers} (default 500) SSE subscribers that join
 * running tasks and leave at random or at the end. The load is quiesced twice, after the warm-up
 * (10 % of the time, at least one minute) and at the end; each time the server's heap after a full
 * GC and its thread count are taken. Checks: heap within 10 % of the warm-up value, threads stable,
 * no subscription left open, every task's history (Redis) holding every acknowledged event, the
 * archive (PostgreSQL) holding every task's final status and every plain event, no subscriber
 * receiving an event twice.
 */
@Tag("soak")
class SoakTest {
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Reply(int status, String body) {
        JsonNode json() {
            return TaskcastJson.tree(body);
        }
    }

    private Reply call(int port, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        r = json == null ? r.method(method, HttpRequest.BodyPublishers.noBody())
                : r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), res.body());
    }

    /** Everything acknowledged for one task. */
    private static final class TaskRecord {
        final String id;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<String> plain = ConcurrentHashMap.newKeySet();
        volatile String finalStatus;
        final StringBuilder accumulated = new StringBuilder();

        TaskRecord(String id) {
            this.id = id;
        }
    }

    @Test
    void soak() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 10);
        int subscriberCount = Integer.getInteger("soak.subscribers", 500);
        int workers = Integer.getInteger("soak.workers", 8);
        long totalMs = TimeUnit.MINUTES.toMillis(minutes);
        long warmupMs = Math.max(60_000, totalMs / 10);
        String prefix = Env.unique("tc-soak-");
        String schema = Env.unique("tc_soak_");
        Env.createSchema(schema);
        Map<String, String> env = Map.of("TASKCAST_AUTO_MIGRATE", "1");
        try (DistInstance server = DistInstance.start("soak", DistInstance.config(prefix, schema,
                "sse:\n  keepaliveMs: 5000\n"), env, "-Xms256m -Xmx1g")) {
            int port = server.port();
            Figures.record("SoakTest", "configuration", minutes + " min, " + subscriberCount + " subscribers, " + workers
                    + " lifecycle workers, warm-up " + warmupMs / 1000 + " s, server pid " + server.pid());
            List<TaskRecord> tasks = new CopyOnWriteArrayList<>();
            List<String> running = new CopyOnWriteArrayList<>();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicLong events = new AtomicLong();
            AtomicInteger joins = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            Map<String, List<ResumingSubscriber>> finishedSubscribers = new ConcurrentHashMap<>();

            long[] phaseEnds = {System.currentTimeMillis() + warmupMs, System.currentTimeMillis() + totalMs};
            long heapWarm = 0;
            long threadsWarm = 0;
            long heapEnd = 0;
            long threadsEnd = 0;
            for (int phase = 0; phase < 2; phase++) {
                long end = phaseEnds[phase];
                AtomicBoolean go = new AtomicBoolean(true);
                List<Thread> load = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    load.add(Thread.ofVirtual().start(() -> lifecycles(port, go, end, tasks, running, events, problems)));
                }
                for (int s = 0; s < subscriberCount; s++) {
                    load.add(Thread.ofVirtual().start(() -> subscribe(port, go, end, running, joins, duplicates,
                            finishedSubscribers)));
                }
                for (Thread t : load) {
                    t.join();
                }
                // Quiesced: no task running, no subscriber connected.
                Eventually.await(Duration.ofSeconds(60), () -> openSubscriptions(port) == 0,
                        () -> "subscriptions still open after the load stopped");
                // The archive's backlog is legitimate memory, not a leak: compare heaps with it drained.
                long lagStart = System.nanoTime();
                awaitArchive(schema, tasks);
                Figures.record("SoakTest", (phase == 0 ? "after warm-up" : "at the end")
                        + ": archive caught up after the load stopped (ms)", (System.nanoTime() - lagStart) / 1_000_000);
                long used = heapAfterFullGc(server.pid());
                // The measure: live objects after a full GC (the class histogram forces one), without the
                // GC's filler arrays, which "used" counts and which vary by several MiB from one GC to the next.
                String histogram = jcmd(server.pid(), "GC.class_histogram");
                long heap = liveKiB(histogram);
                long threads = threads(server.pid());
                // For diagnosis: what the heap holds at each point (compare the two files).
                Files.writeString(Path.of(System.getProperty("taskcast.work", "target/reliability"), "soak",
                        "histogram-" + (phase == 0 ? "warm" : "end") + ".txt"), histogram);
                Figures.record("SoakTest", (phase == 0 ? "after warm-up" : "at the end")
                        + ": heap used after full GC, fillers included (KiB)", used);
                Figures.record("SoakTest", (phase == 0 ? "after warm-up" : "at the end") + ": live heap after full GC (KiB) / threads / tasks / events",
                        heap + " / " + threads + " / " + tasks.size() + " / " + events.get());
                if (phase == 0) {
                    heapWarm = heap;
                    threadsWarm = threads;
                } else {
                    heapEnd = heap;
                    threadsEnd = threads;
                }
            }
            Figures.record("SoakTest", "subscriber joins / duplicate deliveries", joins.get() + " / " + duplicates.get());

            // Every history complete (Redis), every task archived with its final status and plain events.
            awaitArchive(schema, tasks);
            int checked = 0;
            for (TaskRecord t : tasks) {
                Reply h = call(port, "GET", "/tasks/" + t.id + "/events/history", null);
                assertEquals(200, h.status(), h.body());
                Set<String> history = new HashSet<>();
                h.json().forEach(e -> history.add(e.get("id").asText()));
                assertTrue(history.containsAll(t.acknowledged), () -> "history of " + t.id + " misses an acknowledged event");
                checked++;
            }
            for (Map.Entry<String, List<ResumingSubscriber>> e : finishedSubscribers.entrySet()) {
                Reply h = call(port, "GET", "/tasks/" + e.getKey() + "/events/history", null);
                Set<String> history = new HashSet<>();
                h.json().forEach(ev -> history.add(ev.get("id").asText()));
                for (ResumingSubscriber s : e.getValue()) {
                    for (String id : s.ids()) {
                        if (!history.contains(id)) {
                            problems.add("subscriber of " + e.getKey() + " received " + id + " which is not in the history");
                        }
                    }
                }
            }
            Figures.record("SoakTest", "tasks checked (history + archive)", checked);
            double growth = (heapEnd - heapWarm) * 100.0 / heapWarm;
            Figures.record("SoakTest", "heap growth after full GC, warm-up -> end (%)", String.format("%.1f", growth));
            assertTrue(problems.isEmpty(), () -> "problems: " + problems.stream().limit(20).toList());
            assertEquals(0, duplicates.get(), "duplicate deliveries");
            assertTrue(heapEnd <= heapWarm * 1.10, "heap after full GC " + heapWarm + " KiB -> " + heapEnd + " KiB");
            assertTrue(threadsEnd <= threadsWarm + 10, "threads " + threadsWarm + " -> " + threadsEnd);
        } finally {
            MiniRedis.cleanup(prefix);
            Env.dropSchema(schema);
        }
    }

    /** Create → running → publish (single and batch, plain + one accumulate series) → terminal, repeatedly. */
    private void lifecycles(int port, AtomicBoolean go, long end, List<TaskRecord> tasks, List<String> running,
                            AtomicLong events, ConcurrentLinkedQueue<String> problems) {
        Random r = ThreadLocalRandom.current();
        while (System.currentTimeMillis() < end && go.get()) {
            try {
                Reply c = call(port, "POST", "/tasks", "{\"type\":\"soak\",\"params\":{\"n\":" + r.nextInt(1000) + "}}");
                if (c.status() != 201) {
                    problems.add("create " + c.status() + " " + c.body());
                    continue;
                }
                TaskRecord t = new TaskRecord(c.json().get("id").asText());
                tasks.add(t);
                expect(call(port, "PATCH", "/tasks/" + t.id + "/status", "{\"status\":\"running\"}"), 200, problems);
                running.add(t.id);
                int rounds = 10 + r.nextInt(40);
                for (int i = 0; i < rounds && System.currentTimeMillis() < end; i++) {
                    String body;
                    boolean batch = r.nextInt(4) == 0;
                    if (batch) {
                        StringBuilder b = new StringBuilder("[");
                        int n = 2 + r.nextInt(8);
                        for (int k = 0; k < n; k++) {
                            b.append(k == 0 ? "" : ",").append("{\"type\":\"log\",\"level\":\"info\",\"data\":{\"k\":").append(k)
                                    .append(",\"text\":\"").append("x".repeat(r.nextInt(200))).append("\"}}");
                        }
                        body = b.append(']').toString();
                    } else if (r.nextInt(3) == 0) {
                        String delta = "d" + i + " ";
                        t.accumulated.append(delta);
                        body = "{\"type\":\"llm.delta\",\"level\":\"info\",\"seriesId\":\"answer\",\"seriesMode\":\"accumulate\","
                                + "\"data\":{\"delta\":\"" + delta + "\"}}";
                    } else {
                        body = "{\"type\":\"progress\",\"level\":\"debug\",\"data\":{\"i\":" + i + "}}";
                    }
                    Reply p = call(port, "POST", "/tasks/" + t.id + "/events", body);
                    if (p.status() != 201) {
                        problems.add("publish " + p.status() + " " + p.body());
                        continue;
                    }
                    JsonNode ack = p.json();
                    for (JsonNode e : ack.isArray() ? ack : List.of(ack)) {
                        t.acknowledged.add(e.get("id").asText());
                        if (!e.has("seriesId")) {
                            t.plain.add(e.get("id").asText());
                        }
                        events.incrementAndGet();
                    }
                    Thread.sleep(r.nextInt(30));
                }
                String status = switch (r.nextInt(10)) {
                    case 0 -> "failed";
                    case 1 -> "cancelled";
                    default -> "completed";
                };
                Reply done = call(port, "PATCH", "/tasks/" + t.id + "/status", "{\"status\":\"" + status + "\"}");
                expect(done, 200, problems);
                t.finalStatus = status;
                running.remove(t.id);
            } catch (IOException e) {
                problems.add("I/O: " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Join a running task, read until done or until leaving at a random moment; repeat. */
    private void subscribe(int port, AtomicBoolean go, long end, List<String> running, AtomicInteger joins,
                           AtomicInteger duplicates, Map<String, List<ResumingSubscriber>> finished) {
        Random r = ThreadLocalRandom.current();
        while (System.currentTimeMillis() < end && go.get()) {
            try {
                if (running.isEmpty()) {
                    Thread.sleep(50);
                    continue;
                }
                String task;
                try {
                    task = running.get(r.nextInt(running.size()));
                } catch (IndexOutOfBoundsException raced) {
                    continue;
                }
                joins.incrementAndGet();
                ResumingSubscriber s = new ResumingSubscriber(() -> port, "/tasks/" + task + "/events", null, 200, false);
                long leaveAfter = 1000 + r.nextInt(9000);
                boolean done = s.awaitDone(Math.min(leaveAfter, Math.max(1, end - System.currentTimeMillis() + 30_000)));
                s.close();
                List<String> ids = s.ids();
                if (new HashSet<>(ids).size() != ids.size()) {
                    duplicates.incrementAndGet();
                }
                if (done && r.nextInt(20) == 0) {
                    finished.computeIfAbsent(task, k -> new CopyOnWriteArrayList<>()).add(s);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void expect(Reply r, int status, ConcurrentLinkedQueue<String> problems) {
        if (r.status() != status) {
            problems.add("expected " + status + ", got " + r.status() + " " + r.body());
        }
    }

    private int openSubscriptions(int port) {
        try {
            Reply list = call(port, "GET", "/tasks", null);
            int n = 0;
            for (JsonNode t : list.json().get("tasks")) {
                n += t.get("subscriberCount").asInt();
            }
            return n;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Until PostgreSQL holds every finished task's final status and events (checked once a second, 5 min at most). */
    private static void awaitArchive(String schema, List<TaskRecord> tasks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!archiveCaughtUp(schema, tasks)) {
            assertTrue(System.nanoTime() < deadline, "archive incomplete after 5 minutes");
            Thread.sleep(1000);
        }
    }

    private static boolean archiveCaughtUp(String schema, List<TaskRecord> tasks) {
        try (Connection c = Env.jdbc()) {
            for (TaskRecord t : tasks) {
                if (t.finalStatus == null) {
                    continue;
                }
                try (PreparedStatement s = c.prepareStatement("SELECT status FROM " + schema + ".taskcast_tasks WHERE id = ?")) {
                    s.setString(1, t.id);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next() || !t.finalStatus.equals(r.getString(1))) {
                            return false;
                        }
                    }
                }
                Set<String> stored = new HashSet<>();
                String accumulated = null;
                try (PreparedStatement s = c.prepareStatement("SELECT id, series_mode, data->>'delta' FROM " + schema
                        + ".taskcast_events WHERE task_id = ?")) {
                    s.setString(1, t.id);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            stored.add(r.getString(1));
                            if ("accumulate".equals(r.getString(2))) {
                                accumulated = r.getString(3);
                            }
                        }
                    }
                }
                if (!stored.containsAll(t.plain)) {
                    return false;
                }
                if (!t.accumulated.isEmpty() && !t.accumulated.toString().equals(accumulated)) {
                    return false;
                }
            }
            return true;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code jcmd <pid> GC.run}, then the used heap from {@code GC.heap_info}, in KiB. */
    private static long heapAfterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Thread.sleep(500);
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        // Serial (DefNew + Tenured), Parallel: one line per generation; G1: one heap line. Not Metaspace.
        long used = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            if (!line.contains("Metaspace") && !line.contains("class space")) {
                Matcher m = HEAP_USED.matcher(line);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                    found = true;
                }
            }
        }
        if (!found) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return used;
    }

    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

    /** Bytes of live objects in a class histogram, GC filler arrays excluded, in KiB. */
    static long liveKiB(String histogram) {
        long bytes = 0;
        for (String line : histogram.split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find() && !m.group(2).contains("jdk.internal.vm.Filler")) {
                bytes += Long.parseLong(m.group(1));
            }
        }
        return bytes / 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** OS threads of the server process (platform threads, including virtual-thread carriers). */
    private static long threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring(8).trim());
            }
        }
        return -1;
    }
}

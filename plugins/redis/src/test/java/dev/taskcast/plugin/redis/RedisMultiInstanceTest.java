package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.api.BroadcastMessage;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.storage.contract.Concurrently;
import dev.taskcast.engine.storage.contract.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server instances sharing one Redis prefix (storage.md §6): each has its own adapters and
 * connections; atomic operations have exactly one winner across them and pub/sub reaches both.
 */
class RedisMultiInstanceTest {
    private static final String PREFIX = RedisTestSupport.newPrefix();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int DELTAS_PER_THREAD = 60;
    private static String url;
    private RedisShortTermStore a;
    private RedisShortTermStore b;

    @BeforeAll
    static void requireRedis() {
        url = RedisTestSupport.url();
    }

    @AfterAll
    static void deleteKeys() {
        if (url != null) {
            RedisTestSupport.deleteKeys(url, PREFIX);
        }
    }

    @BeforeEach
    void open() {
        a = new RedisShortTermStore(new RedisSettings(url, PREFIX));
        b = new RedisShortTermStore(new RedisSettings(url, PREFIX));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private RedisShortTermStore storeOf(int thread) {
        return thread % 2 == 0 ? a : b;
    }

    @Test
    void aSubscriberOnOneInstanceReceivesInOrderWhatTheOtherPublishes() {
        try (RedisBroadcast onA = new RedisBroadcast(new RedisSettings(url, PREFIX));
             RedisBroadcast onB = new RedisBroadcast(new RedisSettings(url, PREFIX))) {
            RecordingHandler handler = new RecordingHandler("on A");
            onA.subscribe("cross", handler);
            List<BroadcastMessage> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                BroadcastMessage m = BroadcastMessage.of(new TaskEvent("e" + i, "cross", i, i, "log", Level.INFO,
                        TaskcastJson.tree("{\"i\":" + i + "}"), null, null, null, null));
                sent.add(m);
                onB.publish("cross", m);
            }

            assertEquals(sent, handler.awaitCount(sent.size(), TIMEOUT));
        }
    }

    @Test
    void compareAndSaveAcrossInstancesHasExactlyOneWinner() {
        List<Task> running = IntStream.range(0, 30)
                .mapToObj(r -> Task.builder("cas" + r, TaskStatus.RUNNING, 1L).build()).toList();
        running.forEach(a::saveTask);

        List<List<Boolean>> wonPerThread = Concurrently.run(8, TIMEOUT, thread -> running.stream()
                .map(t -> storeOf(thread).compareAndSaveTask(t, t.toBuilder().status(TaskStatus.COMPLETED)
                        .result(TaskcastJson.tree("{\"by\":" + thread + "}")).build()))
                .toList());

        for (int r = 0; r < running.size(); r++) {
            int round = r;
            List<Boolean> won = wonPerThread.stream().map(l -> l.get(round)).toList();
            assertEquals(1, won.stream().filter(w -> w).count(), "one winner: " + won);
            assertEquals(TaskcastJson.tree("{\"by\":" + won.indexOf(true) + "}"),
                    b.getTask("cas" + r).orElseThrow().result());
        }
    }

    @Test
    void createAcrossInstancesHasExactlyOneWinner() {
        List<Boolean> created = Concurrently.run(8, TIMEOUT,
                thread -> storeOf(thread).createTask(Task.builder("created", TaskStatus.PENDING, thread).build()));

        assertEquals(1, created.stream().filter(c -> c).count(), "one winner: " + created);
    }

    @Test
    void indexesAreUniqueAcrossInstances() {
        List<List<Long>> perThread = Concurrently.run(8, TIMEOUT, thread -> {
            List<Long> mine = new ArrayList<>();
            for (int n = 0; n < 250; n++) {
                mine.add(storeOf(thread).nextIndex("idx"));
            }
            return mine;
        });

        assertEquals(LongStream.range(0, 2000).boxed().toList(),
                perThread.stream().flatMap(List::stream).sorted().toList());
    }

    @Test
    void accumulationAcrossInstancesLosesNoDelta() {
        raceDeltas("acc", (store, delta) -> store.accumulateSeries("acc", "s", delta, "delta"));
    }

    /** The publish path (pointer spliced by a script, delta appended) racing on one series. */
    @Test
    void streamedAppendsAcrossInstancesLoseNoDelta() {
        raceDeltas("stream", (store, delta) -> store.appendAccumulated("stream", "s", delta, "delta"));
        assertEquals(6 * DELTAS_PER_THREAD, b.getEvents("stream", EventQuery.ALL).size(), "every delta in the history");
    }

    /** Six threads over both instances each send their own letter; the pointer must hold every one. */
    private void raceDeltas(String taskId, BiConsumer<RedisShortTermStore, TaskEvent> send) {
        Concurrently.runAll(6, TIMEOUT, thread -> {
            for (int n = 0; n < DELTAS_PER_THREAD; n++) {
                send.accept(storeOf(thread), new TaskEvent(taskId + thread + "-" + n, taskId, n, n, "llm.delta",
                        Level.INFO, TaskcastJson.object().put("delta", String.valueOf((char) ('a' + thread))), "s",
                        SeriesMode.ACCUMULATE, null, null));
            }
        });

        String text = a.getSeriesLatest(taskId, "s").orElseThrow().data().get("delta").textValue();
        assertEquals(6 * DELTAS_PER_THREAD, text.length());
        for (int t = 0; t < 6; t++) {
            char letter = (char) ('a' + t);
            assertEquals(DELTAS_PER_THREAD, text.chars().filter(c -> c == letter).count(), "deltas of thread " + t);
        }
    }

    @Test
    void latestReplacementAcrossInstancesKeepsOneEventMatchingThePointer() {
        Concurrently.runAll(4, TIMEOUT, thread -> {
            for (int n = 0; n < 50; n++) {
                TaskEvent p = new TaskEvent("p" + thread + "-" + n, "latest", n, n, "p", Level.INFO,
                        TaskcastJson.tree("{\"v\":" + n + "}"), "p", SeriesMode.LATEST, null, null);
                storeOf(thread).replaceLastSeriesEvent("latest", "p", p);
                storeOf(thread + 1).appendEvent("latest", new TaskEvent("x" + thread + "-" + n, "latest", n, n, "x",
                        Level.INFO, null, null, null, null, null));
            }
        });

        List<TaskEvent> history = a.getEvents("latest", EventQuery.ALL);
        List<TaskEvent> series = history.stream().filter(e -> "p".equals(e.seriesId())).toList();
        assertEquals(List.of(b.getSeriesLatest("latest", "p").orElseThrow()), series);
        assertEquals(200, history.size() - series.size(), "every plain event kept");
    }
}

package dev.taskcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.storage.contract.Eventually;
import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 6 (docs/reliability.md): 1 000 SSE subscribers of which 100 stop reading. Publishers and
 * the 900 healthy subscribers keep their latency (measured before and after the stuck ones appear),
 * the stuck ones are disconnected once a write has been blocked for the write timeout, memory stays
 * bounded. And a client that vanishes without a word is detected through the keepalive writes.
 */
class SlowClientsTest {
    /** Ordinary tasks: 110 healthy subscribers each, small events. */
    private static final int TASKS = 8;
    private static final int HEALTHY_PER_TASK = 110;
    /**
     * The firehose task: 20 healthy and the 100 stuck subscribers, 16 KiB events. A client that stops
     * reading is only noticed once the kernel buffers between it and the server are full (about 3 MiB
     * on loopback), so the stuck ones sit where that happens within seconds.
     */
    private static final int FIREHOSE_HEALTHY = 20;
    private static final int STUCK = 100;
    private static final long WRITE_TIMEOUT_MS = 2000;

    @Test
    void stuckSubscribersAreCutOffWhileEveryoneElseKeepsTheirLatency() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(1000)
                .sseWriteTimeoutMs(WRITE_TIMEOUT_MS))) {
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(runningTask(server));
            }
            String firehose = runningTask(server);
            List<FastReader> healthy = new ArrayList<>();
            for (String t : tasks) {
                for (int i = 0; i < HEALTHY_PER_TASK; i++) {
                    healthy.add(new FastReader(server.port(), t));
                }
            }
            for (int i = 0; i < FIREHOSE_HEALTHY; i++) {
                healthy.add(new FastReader(server.port(), firehose));
            }
            Eventually.await(Duration.ofSeconds(60), () -> tasks.stream().allMatch(t -> subscribers(server, t) == HEALTHY_PER_TASK)
                            && subscribers(server, firehose) == FIREHOSE_HEALTHY, () -> "healthy subscribers connected");
            long heapBefore = Figures.heapAfterGcMiB();

            Load before = load(server, tasks, firehose, Duration.ofSeconds(5), healthy);

            List<Socket> stuck = new ArrayList<>();
            for (int i = 0; i < STUCK; i++) {
                stuck.add(openAndNeverRead(server.port(), "/tasks/" + firehose + "/events"));
            }
            Eventually.await(Duration.ofSeconds(30), () -> subscribers(server, firehose) == FIREHOSE_HEALTHY + STUCK,
                    () -> "stuck subscribers connected: firehose has " + subscribers(server, firehose) + " subscribers, "
                            + healthy.stream().filter(r -> !r.open()).count() + " healthy ones disconnected");
            long stuckAt = System.nanoTime();
            AtomicBoolean cutOff = new AtomicBoolean();
            AtomicInteger cutOffMs = new AtomicInteger(-1);
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (!cutOff.get()) {
                    if (subscribers(server, firehose) == FIREHOSE_HEALTHY) {
                        cutOffMs.set((int) ((System.nanoTime() - stuckAt) / 1_000_000));
                        cutOff.set(true);
                        return;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Load during = load(server, tasks, firehose, Duration.ofSeconds(12), healthy);
            Eventually.await(Duration.ofSeconds(30), cutOff::get, () -> "stuck subscribers still connected: "
                    + (subscribers(server, firehose) - FIREHOSE_HEALTHY));
            watcher.join();
            long heapAfter = Figures.heapAfterGcMiB();

            Figures.record("SlowClientsTest", "subscribers healthy / stuck", healthy.size() + " / " + stuck.size());
            Figures.record("SlowClientsTest", "publish latency p50/p99 (ms) without -> with stuck subscribers",
                    before.publishP50 + "/" + before.publishP99 + " -> " + during.publishP50 + "/" + during.publishP99);
            Figures.record("SlowClientsTest", "delivery latency to healthy subscribers p50/p99 (ms) without -> with",
                    before.deliveryP50 + "/" + before.deliveryP99 + " -> " + during.deliveryP50 + "/" + during.deliveryP99);
            Figures.record("SlowClientsTest", "events published without / with", before.published + " / " + during.published);
            Figures.record("SlowClientsTest", "stuck subscribers all disconnected after (ms; write timeout "
                    + WRITE_TIMEOUT_MS + " ms)", cutOffMs.get());
            Figures.record("SlowClientsTest", "heap after GC before / after (MiB, server and clients in one JVM)",
                    heapBefore + " / " + heapAfter);

            for (FastReader r : healthy) {
                assertTrue(r.open(), "a healthy subscriber was disconnected");
                assertEquals(PUBLISHED.get(r.task).get(), r.events.get(), "a healthy subscriber missed events");
            }
            assertTrue(during.publishP99 <= Math.max(5 * before.publishP99, before.publishP99 + 100),
                    "publish p99 " + before.publishP99 + " -> " + during.publishP99 + " ms");
            assertTrue(during.deliveryP99 <= Math.max(5 * before.deliveryP99, before.deliveryP99 + 250),
                    "delivery p99 " + before.deliveryP99 + " -> " + during.deliveryP99 + " ms");
            assertTrue(heapAfter - heapBefore < 128, "heap " + heapBefore + " -> " + heapAfter + " MiB");
            for (Socket s : stuck) {
                s.close();
            }
            for (FastReader r : healthy) {
                r.close();
            }
            Eventually.await(Duration.ofSeconds(30), () -> tasks.stream().allMatch(t -> subscribers(server, t) == 0)
                    && subscribers(server, firehose) == 0, () -> "leaked subscriptions");
        }
    }

    private static String runningTask(TestServer server) {
        String id = server.createTask("{\"type\":\"slow-clients\"}").get("id").asText();
        server.transition(id, "running");
        return id;
    }

    /** A client that goes away without a word (its connection cut at a proxy) is found by the next keepalive. */
    @Test
    void vanishedClientIsDetectedThroughKeepalives() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.builder().sseKeepaliveMs(300));
             TcpProxy proxy = new TcpProxy("127.0.0.1", server.port())) {
            String id = server.createTask("{}").get("id").asText();
            server.transition(id, "running");
            Socket client = new Socket("127.0.0.1", proxy.port());
            client.getOutputStream().write(("GET /tasks/" + id + "/events HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Eventually.await(Duration.ofSeconds(10), () -> subscribers(server, id) == 1, () -> "subscribed");
            proxy.cut(); // the server's peer disappears; nothing more is read from or written to it
            long cutAt = System.nanoTime();
            Eventually.await(Duration.ofSeconds(10), () -> subscribers(server, id) == 0, () -> "still subscribed");
            Figures.record("SlowClientsTest", "vanished client detected after (ms; keepalive 300 ms)",
                    (System.nanoTime() - cutAt) / 1_000_000);
            client.close();
        }
    }

    private static int subscribers(TestServer server, String task) {
        Response r = server.get("/tasks/" + task);
        return r.json().get("subscriberCount").asInt();
    }

    private static Socket openAndNeverRead(int port, String path) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private record Load(int published, long publishP50, long publishP99, long deliveryP50, long deliveryP99) {
    }

    /** Events acknowledged per task, over the whole test. */
    private static final java.util.Map<String, AtomicInteger> PUBLISHED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * 4 publishers round-robin over the ordinary tasks (512-byte events, ~50/s each) and one publisher
     * on the firehose (16 KiB events, ~40/s), for {@code duration}; latencies in ms.
     */
    private static Load load(TestServer server, List<String> tasks, String firehose, Duration duration,
                             List<FastReader> readers) throws Exception {
        readers.forEach(FastReader::resetLatencies);
        ConcurrentLinkedQueue<Long> publishMicros = new ConcurrentLinkedQueue<>();
        AtomicInteger published = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        String small = "p".repeat(512);
        String big = "q".repeat(16 * 1024);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            int offset = p;
            boolean hose = p == 4;
            publishers.add(Thread.ofVirtual().start(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    String task = hose ? firehose : tasks.get(i++ % tasks.size());
                    long t0 = System.nanoTime();
                    Response r = server.post("/tasks/" + task + "/events", "{\"type\":\"load\",\"level\":\"info\","
                            + "\"data\":{\"sent\":" + t0 + ",\"pad\":\"" + (hose ? big : small) + "\"}}");
                    publishMicros.add((System.nanoTime() - t0) / 1000);
                    if (r.status() == 201) {
                        published.incrementAndGet();
                        PUBLISHED.computeIfAbsent(task, k -> new AtomicInteger()).incrementAndGet();
                    }
                    try {
                        Thread.sleep(hose ? 25 : 20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : publishers) {
            t.join();
        }
        int expected = published.get();
        Eventually.await(Duration.ofSeconds(30), () -> readers.stream()
                        .allMatch(r -> r.events.get() >= PUBLISHED.getOrDefault(r.task, new AtomicInteger()).get()),
                () -> "healthy subscribers behind");
        long[] pub = publishMicros.stream().mapToLong(Long::longValue).toArray();
        long[] del = readers.stream().flatMapToLong(FastReader::latencies).toArray();
        return new Load(expected, Figures.percentile(pub.clone(), 50) / 1000, Figures.percentile(pub, 99) / 1000,
                Figures.percentile(del.clone(), 50) / 1_000_000, Figures.percentile(del, 99) / 1_000_000);
    }

    /**
     * A healthy SSE reader that reads in bulk and samples delivery latency from the {@code "sent"}
     * nano time in each event's data (same JVM, same clock).
     */
    private static final class FastReader implements AutoCloseable {
        private static final byte[] SENT = "\"sent\":".getBytes(StandardCharsets.US_ASCII);
        final AtomicInteger events = new AtomicInteger();
        final String task;
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final Socket socket;
        private volatile boolean open = true;

        FastReader(int port, String task) throws IOException {
            this.task = task;
            socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /tasks/" + task + "/events HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.ofVirtual().start(this::read);
        }

        /** Skips the head, de-chunks, and scans the body for {@code "sent":<nanos>}. */
        private void read() {
            byte[] buf = new byte[65536];
            int matched = 0;
            long number = -1;
            int headEnd = 0;          // matched bytes of CRLFCRLF; 4 = in the body
            int chunkLeft = -1;       // data bytes left in the current chunk; -1 = reading a size line
            long size = 0;
            boolean sawDigit = false;
            try (InputStream in = socket.getInputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    long now = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (headEnd < 4) {
                            headEnd = (b == (headEnd % 2 == 0 ? '\r' : '\n')) ? headEnd + 1 : (b == '\r' ? 1 : 0);
                            continue;
                        }
                        if (chunkLeft < 0) { // size line, possibly preceded by the CRLF ending the last chunk
                            if (b == '\n' && sawDigit) {
                                chunkLeft = (int) size;
                                size = 0;
                                sawDigit = false;
                            } else if (Character.digit(b, 16) >= 0) {
                                size = size * 16 + Character.digit(b, 16);
                                sawDigit = true;
                            }
                            continue;
                        }
                        if (--chunkLeft == 0) {
                            chunkLeft = -1;
                        }
                        if (number >= 0) {
                            if (b >= '0' && b <= '9') {
                                number = number * 10 + (b - '0');
                                continue;
                            }
                            if (b == '-' && number == 0) {
                                continue;
                            }
                            latencies.add(now - number);
                            events.incrementAndGet();
                            number = -1;
                        }
                        if (b == SENT[matched]) {
                            matched++;
                            if (matched == SENT.length) {
                                number = 0;
                                matched = 0;
                            }
                        } else {
                            matched = b == SENT[0] ? 1 : 0;
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            } finally {
                open = false;
            }
        }

        void resetLatencies() {
            latencies.clear();
        }

        java.util.stream.LongStream latencies() {
            return latencies.stream().mapToLong(Long::longValue);
        }

        boolean open() {
            return open;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

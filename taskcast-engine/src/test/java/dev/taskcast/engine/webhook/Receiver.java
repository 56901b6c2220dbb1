package dev.taskcast.engine.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.engine.storage.contract.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP endpoint on 127.0.0.1 that records every request exactly as received (raw body
 * bytes, headers) and answers with programmed statuses, or stalls until released.
 */
final class Receiver implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Programmed answer meaning "do not answer until {@link #release()}". */
    static final int STALL = -1;

    /** One received request. */
    record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        TaskEvent event() {
            return TaskcastJson.read(text(), TaskEvent.class);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new ArrayList<>();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private volatile int defaultStatus = 200;
    private final CountDownLatch released = new CountDownLatch(1);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of {@code path} on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String url() {
        return url("/hook");
    }

    /** The next requests are answered with these statuses (or {@link #STALL}), then the default. */
    Receiver respond(int... statuses) {
        for (int s : statuses) {
            script.add(s);
        }
        return this;
    }

    /** The answer once the script is used up (200 unless changed; {@link #STALL} stalls them all). */
    Receiver byDefault(int status) {
        defaultStatus = status;
        return this;
    }

    /** Lets every stalled request (and every later one) answer 200. */
    void release() {
        released.countDown();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized int count() {
        return requests.size();
    }

    List<Request> awaitRequests(int n) {
        Eventually.await(WAIT, () -> count() >= n, () -> "expected " + n + " requests, got " + count());
        return requests();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Integer scripted = script.poll();
        int status = scripted != null ? scripted : defaultStatus;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        }
        try {
            if (status == STALL) {
                released.await();
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (timeout) and closed the connection: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    /** A URL on which nothing listens: connections are refused. */
    static String deadUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return "http://127.0.0.1:" + port + "/dead";
    }
}

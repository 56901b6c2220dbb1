package dev.taskcast.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SSE client on a raw socket (HTTP/1.1), so tests see the exact bytes the server writes.
 * The response head is read synchronously by {@link #open}; the body (de-chunked) is then parsed by
 * a reader thread into {@link Frame}s — one per blank-line-terminated block, comments included —
 * which tests take with deadlines ({@link #next}), never with fixed sleeps.
 *
 * <pre>{@code
 * try (SseClient sse = SseClient.open(port, "/tasks/t1/events?types=llm.*")) {
 *     SseClient.Frame f = sse.nextEvent(Duration.ofSeconds(5));
 *     assertEquals(0, f.json().get("filteredIndex").asInt());
 *     sse.awaitEnd(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SseClient implements AutoCloseable {
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One SSE block. {@code event}/{@code data}/{@code id} are {@code null} when the field is absent
     * (several data lines are joined with {@code \n}); {@code comments} holds comment lines without
     * the colon; {@code raw} is the block's exact text including its terminating blank line.
     */
    public record Frame(String event, String data, String id, List<String> comments, String raw) {
        /** A block made only of comment lines (e.g. {@code :keepalive}). */
        public boolean isComment() {
            return event == null && data == null && id == null && !comments.isEmpty();
        }

        public boolean isDone() {
            return "taskcast.done".equals(event);
        }

        /** The data line parsed as JSON. */
        public JsonNode json() {
            return TaskcastJson.tree(data);
        }
    }

    private final Socket socket;
    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Frame> received = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream rawBody = new ByteArrayOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean reading;

    private SseClient(Socket socket, int status, Map<String, List<String>> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Opens {@code GET pathAndQuery}; {@code headers} are name/value pairs. Starts reading at once. */
    public static SseClient open(int port, String pathAndQuery, String... headers) {
        SseClient c = connect(port, pathAndQuery, 0, headers);
        c.resume();
        return c;
    }

    /**
     * Opens the stream but does not read the body until {@link #resume()}: a subscriber that has
     * stopped reading. {@code receiveBuffer} &gt; 0 shrinks the socket's receive buffer.
     */
    public static SseClient openPaused(int port, String pathAndQuery, int receiveBuffer, String... headers) {
        return connect(port, pathAndQuery, receiveBuffer, headers);
    }

    private static SseClient connect(int port, String pathAndQuery, int receiveBuffer, String... headers) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) HEAD_TIMEOUT.toMillis());
            StringBuilder req = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            socket.setSoTimeout((int) HEAD_TIMEOUT.toMillis());
            String statusLine = readCrlfLine(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, List<String>> head = new LinkedHashMap<>();
            for (String line = readCrlfLine(in); !line.isEmpty(); line = readCrlfLine(in)) {
                int colon = line.indexOf(':');
                head.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            socket.setSoTimeout(0);
            InputStream body;
            if (head.getOrDefault("transfer-encoding", List.of()).stream().anyMatch("chunked"::equalsIgnoreCase)) {
                body = new Chunked(in);
            } else if (head.containsKey("content-length")) {
                body = new Bounded(in, Long.parseLong(head.get("content-length").getFirst()));
            } else {
                body = in;
            }
            return new SseClient(socket, status, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + pathAndQuery, e);
        }
    }

    /** Starts (or, after {@link #openPaused}, resumes) reading the body on a reader thread. */
    public synchronized void resume() {
        if (!reading) {
            reading = true;
            Thread.ofVirtual().name("sse-client").start(this::readLoop);
        }
    }

    public int status() {
        return status;
    }

    /** First value of a response header (name case-insensitive), or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : v.getFirst();
    }

    /** The whole body read so far (blocks until it ended; use for non-200 responses). */
    public String body(Duration timeout) {
        awaitEnd(timeout);
        synchronized (rawBody) {
            return rawBody.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every frame received so far, in order (including ones already taken with {@link #next}). */
    public List<Frame> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The next frame (comments included); fails if none arrives in time or the stream ended. */
    public Frame next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = pollUntil(deadline);
            if (f != null) {
                return f;
            }
            if (ended.getCount() == 0 && frames.isEmpty()) {
                throw new AssertionError("stream ended while waiting for a frame; received " + received());
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("no frame within " + timeout + "; received " + received());
            }
        }
    }

    /** The next non-comment frame. */
    public Frame nextEvent(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!f.isComment()) {
                return f;
            }
        }
    }

    /** The next {@code n} non-comment frames. */
    public List<Frame> nextEvents(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return out;
    }

    /**
     * Asserts that no frame at all arrives within {@code window} (and that the stream stays open).
     * The only way to check silence is to watch for a while; keep windows short.
     */
    public void assertSilentFor(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        Frame f = pollUntil(deadline);
        if (f != null) {
            throw new AssertionError("expected silence for " + window + " but got " + f.raw());
        }
        if (ended.getCount() == 0) {
            throw new AssertionError("expected an open, silent stream but it ended");
        }
    }

    /** Frames up to the end of the stream (comments included); fails if it does not end in time. */
    public List<Frame> awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> rest = new ArrayList<>();
        while (true) {
            Frame f = pollUntil(deadline);
            if (f != null) {
                rest.add(f);
                continue;
            }
            if (ended.getCount() == 0 && frames.isEmpty()) {
                return rest;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("stream did not end within " + timeout + "; received " + received());
            }
        }
    }

    public boolean hasEnded() {
        return ended.getCount() == 0 && frames.isEmpty();
    }

    /** An I/O error that ended the stream other than a clean end ({@code null} if none). */
    public Throwable failure() {
        return failure;
    }

    /** Drops the connection (the client going away). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private Frame pollUntil(long deadline) {
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Frame f = frames.poll(Math.max(0, Math.min(left, 20_000_000L)), TimeUnit.NANOSECONDS);
                if (f != null || left <= 0 || (ended.getCount() == 0 && frames.isEmpty())) {
                    return f;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void readLoop() {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = body.read(buf); n >= 0; n = body.read(buf)) {
                synchronized (rawBody) {
                    rawBody.write(buf, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    block.write(b);
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!text.isEmpty()) {
                        lines.add(text);
                        continue;
                    }
                    emit(lines, block.toString(StandardCharsets.UTF_8));
                    lines.clear();
                    block.reset();
                }
            }
        } catch (SocketException e) {
            if (!socket.isClosed()) {
                failure = e;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            ended.countDown();
        }
    }

    private void emit(List<String> lines, String raw) {
        String event = null;
        String id = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(":")) {
                comments.add(l.substring(1));
                continue;
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> comments.add("unknown field " + l);
            }
        }
        Frame f = new Frame(event, data == null ? null : data.toString(), id, List.copyOf(comments), raw);
        received.add(f);
        frames.add(f);
    }

    private static String readCrlfLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the response head");
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** Decodes {@code Transfer-Encoding: chunked}; EOF at the terminating zero-size chunk. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = readCrlfLine(in);
                if (size.isEmpty()) {
                    size = readCrlfLine(in); // CRLF closing the previous chunk
                }
                left = Long.parseLong(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            left -= n;
            return n;
        }
    }

    /** A body with a Content-Length. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}

package dev.taskcast.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A task SSE subscriber that behaves like a browser {@code EventSource}: it reads the stream, and
 * whenever the stream ends without {@code taskcast.done} or cannot be opened (503, refused, reset),
 * reconnects after a short delay with {@code Last-Event-ID} set to the last id it received, possibly
 * to another instance ({@code port} is asked again on every attempt). It records every event id in
 * the order received, across reconnects, so tests can check "every event exactly once".
 */
public final class ResumingSubscriber implements AutoCloseable {
    private final IntSupplier port;
    private final String path;
    private final String authorization;
    private final long retryDelayMs;
    private final List<String> ids = new ArrayList<>();
    private final List<Long> receivedAtNanos = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger endedWithoutDone = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile String doneReason;
    private volatile Socket socket;
    private final Thread thread;
    private final boolean keepPayloads;

    public ResumingSubscriber(IntSupplier port, String path, String authorization, long retryDelayMs, boolean keepPayloads) {
        this.port = port;
        this.path = path;
        this.authorization = authorization;
        this.retryDelayMs = retryDelayMs;
        this.keepPayloads = keepPayloads;
        this.thread = Thread.ofVirtual().name("resuming-subscriber").start(this::run);
    }

    public ResumingSubscriber(int port, String path) {
        this(() -> port, path, null, 100, false);
    }

    private void run() {
        while (!closed && done.getCount() > 0) {
            try {
                streamOnce();
            } catch (IOException | RuntimeException e) {
                // refused, reset, closed: reconnect
            } finally {
                connected = false;
            }
            if (done.getCount() == 0 || closed) {
                return;
            }
            try {
                Thread.sleep(retryDelayMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void streamOnce() throws IOException {
        try (Socket s = new Socket()) {
            socket = s;
            s.connect(new InetSocketAddress("127.0.0.1", port.getAsInt()), 2000);
            s.setSoTimeout(0);
            StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append("Accept: text/event-stream\r\n");
            String last = lastId();
            if (last != null) {
                req.append("Last-Event-ID: ").append(last).append("\r\n");
            }
            if (authorization != null) {
                req.append("Authorization: ").append(authorization).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
            String status = line(in);
            if (status == null) {
                throw new IOException("closed before the status line");
            }
            boolean chunked = false;
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                if (h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            if (!status.contains(" 200")) {
                refusals.incrementAndGet();
                return;
            }
            connections.incrementAndGet();
            connected = true;
            InputStream body = chunked ? new Dechunk(in) : in;
            String event = null;
            String data = null;
            String id = null;
            for (String l = line(body); l != null; l = line(body)) {
                if (l.isEmpty()) {
                    if ("taskcast.event".equals(event) && id != null) {
                        record(id, data);
                    } else if ("taskcast.done".equals(event)) {
                        doneReason = data;
                        done.countDown();
                        return;
                    }
                    event = null;
                    data = null;
                    id = null;
                } else if (l.startsWith("event: ")) {
                    event = l.substring(7);
                } else if (l.startsWith("data: ")) {
                    data = l.substring(6);
                } else if (l.startsWith("id: ")) {
                    id = l.substring(4);
                }
            }
            endedWithoutDone.incrementAndGet();
        }
    }

    private synchronized void record(String id, String data) {
        ids.add(id);
        receivedAtNanos.add(System.nanoTime());
        if (keepPayloads) {
            payloads.add(data);
        }
    }

    private synchronized String lastId() {
        return ids.isEmpty() ? null : ids.getLast();
    }

    /** Event ids received, in order, across reconnects. */
    public synchronized List<String> ids() {
        return List.copyOf(ids);
    }

    public synchronized List<String> payloads() {
        return List.copyOf(payloads);
    }

    public synchronized List<Long> receivedAtNanos() {
        return List.copyOf(receivedAtNanos);
    }

    public synchronized int count() {
        return ids.size();
    }

    public boolean connected() {
        return connected;
    }

    /** Streams that ended without {@code taskcast.done} (server-side close, fault, kill). */
    public int endedWithoutDone() {
        return endedWithoutDone.get();
    }

    /** Successful (200) stream openings. */
    public int connections() {
        return connections.get();
    }

    /** Openings answered with something other than 200 (e.g. 503 while Redis is away). */
    public int refusals() {
        return refusals.get();
    }

    public String doneReason() {
        return doneReason;
    }

    public boolean awaitDone(long timeoutMs) throws InterruptedException {
        return done.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Drops the current connection (the subscriber leaves; it does not reconnect after {@link #close}). */
    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        if (c < 0) {
            return null; // a partial line at the end of a cut stream is not a line
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Chunked transfer decoding; EOF at the terminating chunk. */
    private static final class Dechunk extends InputStream {
        private final InputStream in;
        private int left;
        private boolean eof;

        Dechunk(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (eof) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size == null) {
                    eof = true;
                    return -1;
                }
                if (size.isEmpty()) {
                    size = line(in);
                    if (size == null) {
                        eof = true;
                        return -1;
                    }
                }
                left = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    eof = true;
                    return -1;
                }
            }
            int c = in.read();
            if (c < 0) {
                eof = true;
                return -1;
            }
            left--;
            return c;
        }
    }
}

package dev.taskcast.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a raw, kept-alive socket that sends exactly the bytes it is given (invalid
 * UTF-8, odd methods, oversized heads: things {@link java.net.http.HttpClient} refuses to build)
 * and reads one response per request with a read deadline, so a server that hangs fails the test
 * instead of stalling it. An SSE response (200 text/event-stream) is not read to its end: the
 * connection is dropped.
 */
public final class RawHttp implements AutoCloseable {
    /** One response: status, lower-cased headers (first value), body as text. */
    public record Reply(int status, Map<String, String> headers, String body, long micros) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The server did not answer within the read deadline. */
    public static final class Hang extends IOException {
        Hang(String what) {
            super(what);
        }
    }

    private final int port;
    private final int readTimeoutMs;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawHttp(int port, int readTimeoutMs) {
        this.port = port;
        this.readTimeoutMs = readTimeoutMs;
    }

    /** Builds a request: request line, headers (with Host and Content-Length added), body. */
    public static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            b.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (body != null) {
            b.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            b.writeBytes(body);
        }
        return b.toByteArray();
    }

    /**
     * Sends {@code bytes} and reads the response. A connection the server closed before (keep-alive
     * ended) is reopened once; a connection the server closes after the response is reopened for the
     * next request.
     *
     * @throws Hang when no complete response arrives within the read deadline
     */
    public Reply send(byte[] bytes) throws IOException {
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            if (socket == null) {
                connect();
            }
            try {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException writeFailed) {
                    // The server may refuse a head or body early (414, 431, 413) and close before
                    // reading all of it: its answer, if any, is still in our receive buffer.
                    if (attempt == 0 && !hasPendingInput()) {
                        throw writeFailed;
                    }
                }
                Reply r = read(start);
                String connection = r.header("connection");
                if (connection != null && connection.equalsIgnoreCase("close")) {
                    close();
                }
                return r;
            } catch (SocketTimeoutException e) {
                close();
                throw new Hang("no response within " + readTimeoutMs + " ms");
            } catch (IOException e) {
                close();
                if (attempt > 0 || e instanceof Hang) {
                    throw e;
                }
            }
        }
    }

    private boolean hasPendingInput() {
        try {
            return in.available() > 0 || socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(readTimeoutMs);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    private Reply read(long start) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
        }
        String contentType = headers.getOrDefault("content-type", "");
        if (status == 200 && contentType.startsWith("text/event-stream")) {
            close(); // a live stream: its head is all we need
            return new Reply(status, headers, "", (System.nanoTime() - start) / 1000);
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = in.readAllBytes();
            close();
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1000);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new IOException("chunked body cut off");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line();
                return b.toByteArray();
            }
            b.writeBytes(in.readNBytes(n));
            line();
        }
    }

    private String line() throws IOException {
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
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}

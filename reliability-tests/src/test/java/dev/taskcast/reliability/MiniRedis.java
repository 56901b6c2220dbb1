package dev.taskcast.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A few RESP commands over a plain socket: enough to inspect and clean the test's own keys. */
public final class MiniRedis implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MiniRedis() {
        try {
            socket = new Socket(Env.redisUri().getHost(), Env.redisPort());
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Object call(String... args) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                b.writeBytes(bytes);
                b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(b.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IllegalStateException("redis: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    yield null;
                }
                byte[] data = in.readNBytes(n);
                in.readNBytes(2);
                yield new String(data, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IllegalStateException("unexpected RESP type " + type);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Deletes every key starting with {@code prefix + ":"} (SCAN, never FLUSH). */
    @SuppressWarnings("unchecked")
    public void deletePrefix(String prefix) {
        String cursor = "0";
        do {
            List<Object> r = (List<Object>) call("SCAN", cursor, "MATCH", prefix + ":*", "COUNT", "1000");
            cursor = (String) r.get(0);
            List<Object> keys = (List<Object>) r.get(1);
            if (!keys.isEmpty()) {
                String[] del = new String[keys.size() + 1];
                del[0] = "DEL";
                for (int i = 0; i < keys.size(); i++) {
                    del[i + 1] = (String) keys.get(i);
                }
                call(del);
            }
        } while (!cursor.equals("0"));
    }

    public static void cleanup(String prefix) {
        try (MiniRedis r = new MiniRedis()) {
            r.deletePrefix(prefix);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

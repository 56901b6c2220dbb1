package dev.taskcast.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One server process started from the packaged distribution ({@code bin/taskcast serve}), as an
 * operator runs it: Redis + PostgreSQL through the packaged plugins, configured by a YAML file.
 * {@link #kill()} is {@code kill -9} (the launcher {@code exec}s the JVM, so the process is the JVM).
 */
public final class DistInstance implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private DistInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** YAML for Redis (prefix) + PostgreSQL (schema); {@code extra} is appended verbatim. */
    public static String config(String redisPrefix, String schema, String extra) {
        return "adapters:\n"
                + "  broadcast:      { provider: redis, url: \"" + Env.redisUrl() + "\", prefix: \"" + redisPrefix + "\" }\n"
                + "  shortTermStore: { provider: redis, url: \"" + Env.redisUrl() + "\", prefix: \"" + redisPrefix + "\" }\n"
                + "  longTermStore:  { provider: postgres, url: \"" + Env.postgresUrlFor(schema) + "\" }\n"
                + extra;
    }

    /** Starts {@code bin/taskcast serve} on a free port and waits until {@code /health/ready} is 200. */
    public static DistInstance start(String name, String yaml, Map<String, String> env, String javaOpts) {
        try {
            Path work = Path.of(System.getProperty("taskcast.work", "target/reliability")).resolve(name);
            Files.createDirectories(work);
            Path config = work.resolve("taskcast.yaml");
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(Env.distHome().resolve("bin/taskcast").toString(), "serve",
                    "--config", config.toString(), "--port", Integer.toString(port), "--host", "127.0.0.1")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("server.log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("TASKCAST_"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JAVA_OPTS", javaOpts == null ? "" : javaOpts);
            pb.environment().putAll(env);
            DistInstance instance = new DistInstance(pb.start(), port, work.resolve("server.log"));
            instance.awaitReady(Duration.ofSeconds(90));
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("server not ready within " + timeout + ":\n" + logTail());
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String logTail() {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM and wait (graceful stop). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}

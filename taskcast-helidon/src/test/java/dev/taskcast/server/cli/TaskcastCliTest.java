package dev.taskcast.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.ConfigEnvironment;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.RunningServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskcastCliTest {

    @TempDir
    Path work;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<ServerConfig> started = new ArrayList<>();
    final List<RunningServer> hooked = new ArrayList<>();
    final FakeServer server = new FakeServer(4567);

    private int run(Map<String, String> env, String... args) {
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                ConfigEnvironment.of(work, work.resolve("home"), env), config -> {
                    started.add(config);
                    return server;
                }, hooked::add);
        return TaskcastCli.run(args, context);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    @Test
    void noArgumentsServesDefaultsOnMemory() {
        assertEquals(0, run());
        assertEquals(List.of(
                "[taskcast] Config: (none)",
                "[taskcast] Short-term store: memory",
                "[taskcast] Long-term store:  (none)",
                "[taskcast] Storage is in memory only: tasks and events are lost when the server stops",
                "[taskcast] Server started on http://localhost:4567"), outLines());
        assertEquals("", err.toString());
        assertEquals(List.of(ServerConfig.defaults()), started);
        assertEquals(List.of(server), hooked, "shutdown handling is installed for the started server");
        assertTrue(server.awaited, "the command blocks until the server terminates");
    }

    @Test
    void flagsWithoutCommandGoToServe() {
        assertEquals(0, run("-p", "8080", "--host", "127.0.0.1", "-v", "--log-level", "warn"));
        ServerConfig config = started.get(0);
        assertEquals(8080, config.port());
        assertEquals("127.0.0.1", config.host());
        assertTrue(config.verbose());
        assertEquals("warn", config.logLevel().wireName());
    }

    @Test
    void startIsAnAliasOfServe() {
        assertEquals(0, run("start", "--port", "9000"));
        assertEquals(0, run("serve", "--port", "9001"));
        assertEquals(List.of(9000, 9001), started.stream().map(ServerConfig::port).toList());
    }

    @Test
    void explicitConfigFileIsReportedAndUsed() throws IOException {
        Path file = Files.writeString(work.resolve("my.yaml"), "port: 4100\n");
        assertEquals(0, run("serve", "-c", "my.yaml"));
        assertEquals("[taskcast] Config: " + file, outLines().get(0));
        assertEquals(4100, started.get(0).port());
    }

    @Test
    void redisStoreIsShownWithoutCredentials() {
        assertEquals(0, run(Map.of("TASKCAST_REDIS_URL", "redis://user:pw@127.0.0.1:6379",
                "TASKCAST_POSTGRES_URL", "postgres://u:p@127.0.0.1/test"), "-s", "redis"));
        assertTrue(outLines().contains("[taskcast] Short-term store: redis @ redis://127.0.0.1:6379"), out.toString());
        assertTrue(outLines().contains("[taskcast] Long-term store:  postgres"), out.toString());
        assertFalse(out.toString().contains("pw"));
        assertFalse(out.toString().contains("in memory only"));
    }

    @Test
    void configErrorIsOneLineAndExitOne() {
        assertEquals(1, run("--storage", "sqlite"));
        assertTrue(err.toString().startsWith("[taskcast] invalid storage mode \"sqlite\""), err.toString());
        assertEquals(1, err.toString().lines().count());
        assertTrue(started.isEmpty());
    }

    @Test
    void logLevelVariableIsValidated() {
        assertEquals(1, run(Map.of("TASKCAST_LOG_LEVEL", "loud")));
        assertEquals("[taskcast] invalid TASKCAST_LOG_LEVEL \"loud\"; expected debug, info, warn, or error\n",
                err.toString().replace("\r", ""));
    }

    @Test
    void startFailureIsReported() {
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                ConfigEnvironment.of(work, work, Map.of()), config -> {
                    throw new IllegalStateException("Address already in use: 3721");
                }, hooked::add);
        assertEquals(1, TaskcastCli.run(new String[0], context));
        assertEquals("[taskcast] Address already in use: 3721", err.toString().strip());
        assertTrue(hooked.isEmpty());
        assertFalse(out.toString().contains("Server started"));
    }

    @Test
    void unknownOptionExitsOne() {
        assertEquals(1, run("--nope"));
        assertTrue(err.toString().startsWith("[taskcast] Unknown option: '--nope'"), err.toString());
        assertTrue(started.isEmpty());
    }

    @Test
    void ignoredFlagsSayWhy() {
        assertEquals(0, run("--db-path", "x.db", "--playground"));
        assertTrue(err.toString().contains("[taskcast] --db-path is ignored"), err.toString());
        assertTrue(err.toString().contains("[taskcast] --playground is ignored"), err.toString());
    }

    @Test
    void pluginsFlag() {
        assertEquals(0, run("--plugins", "plug"));
        assertEquals(work.resolve("plug"), started.get(0).pluginsDir());
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("--version"));
        assertEquals(TaskcastVersion.get(), out.toString().strip());
        assertEquals(0, run("-V"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("--help"));
        String help = out.toString();
        assertTrue(help.contains("serve, start") && help.contains("migrate"), help);
        out.getBuffer().setLength(0);
        assertEquals(0, run("serve", "--help"));
        assertTrue(out.toString().contains("--storage") && out.toString().contains("--plugins"), out.toString());
        assertTrue(started.isEmpty());
    }

    @Test
    void versionLooksLikeSemver() {
        assertTrue(TaskcastVersion.get().matches("\\d+\\.\\d+\\.\\d+.*"), TaskcastVersion.get());
    }

    @Test
    void migrateWithoutUrl() {
        assertEquals(1, run("migrate"));
        assertEquals("[taskcast] No Postgres URL found. Provide --url, set TASKCAST_POSTGRES_URL, or configure"
                + " adapters.longTermStore.url in config.", err.toString().strip());
    }

    @Test
    void migrateWithAUrlButNoPostgresPluginFailsNamingTheMissingProvider() {
        assertEquals(1, run("migrate", "--url", "postgres://a:secret@h/db", "-y"));
        assertTrue(err.toString().contains("[taskcast] Migration failed: no long-term store provider named \"postgres\""),
                err.toString());
        assertFalse(err.toString().contains("secret"));
    }

    @Test
    void defaultCommandRouting() {
        var commandLine = TaskcastCli.commandLine(new CliContext(new PrintWriter(out), new PrintWriter(err),
                ConfigEnvironment.of(work, work, Map.of()), c -> server, s -> { }));
        assertEquals(List.of("serve"), List.of(TaskcastCli.withDefaultCommand(new String[0], commandLine)));
        assertEquals(List.of("serve", "-p", "1"), List.of(TaskcastCli.withDefaultCommand(new String[] {"-p", "1"},
                commandLine)));
        assertEquals(List.of("migrate"), List.of(TaskcastCli.withDefaultCommand(new String[] {"migrate"}, commandLine)));
        assertEquals(List.of("start"), List.of(TaskcastCli.withDefaultCommand(new String[] {"start"}, commandLine)));
        assertEquals(List.of("-V"), List.of(TaskcastCli.withDefaultCommand(new String[] {"-V"}, commandLine)));
    }

    @Test
    void stopWithinReportsWhetherTheServerStoppedInTime() {
        FakeServer fast = new FakeServer(1);
        assertTrue(GracefulShutdown.stopWithin(fast, Duration.ofSeconds(5)));
        assertTrue(fast.stopped);
        RunningServer slow = new FakeServer(2) {
            @Override
            public void stop() {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        assertFalse(GracefulShutdown.stopWithin(slow, Duration.ofMillis(100)));
    }

    @Test
    void startedServerIsTheOneHandedToShutdownHandling() {
        run();
        assertSame(server, hooked.get(0));
        assertNull(started.get(0).configFile());
    }

    static class FakeServer implements RunningServer {
        final int port;
        volatile boolean stopped;
        volatile boolean awaited;

        FakeServer(int port) {
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public void awaitTermination() {
            awaited = true;
        }
    }
}

package dev.taskcast.server;

import dev.taskcast.api.CleanupRule;
import dev.taskcast.engine.cleanup.CleanupSweeper;
import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.hooks.HookDispatcher;
import dev.taskcast.engine.plugin.ProviderRegistry;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.engine.webhook.WebhookDispatcher;
import dev.taskcast.server.auth.Authenticator;
import dev.taskcast.server.cli.TaskcastVersion;
import dev.taskcast.server.http.ApiRouting;
import dev.taskcast.server.http.ServiceRoutes;
import dev.taskcast.server.sse.EventStreams;
import dev.taskcast.server.ui.WebConsole;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.HealthReporting;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.TaskcastHooks;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Builds the engine and the Helidon web server from a {@link ServerConfig} and starts them. */
public final class TaskcastServer implements RunningServer {
    private static final System.Logger LOG = System.getLogger(TaskcastServer.class.getName());
    /** Longest accepted request line (method, target, version). */
    static final int MAX_REQUEST_LINE_BYTES = 64 * 1024;
    /** Tasks cleaned per sweep; the sweeper resumes where it stopped on the next one. */
    private static final int CLEANUP_BATCH = 1000;

    private final List<AutoCloseable> adapters;
    private final TaskEngine engine;
    private final EventStreams streams;
    private final WebhookDispatcher webhooks;
    private final ScheduledExecutorService sweeper;
    private final WebServer webServer;
    private final Observability observability;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TaskcastServer(ServerConfig config, ClassLoader builtIns) {
        this.observability = new Observability(config);
        AdapterProviders providers = new AdapterProviders(ProviderRegistry.discover(builtIns, config.pluginsDir(),
                Observability::logProvider));
        Authenticator authenticator = Authenticator.create(config.auth());
        BroadcastProvider broadcast = observability.broadcast(providers.broadcast(config.adapters().broadcast()),
                config.adapters().broadcast());
        ShortTermStore shortTerm = observability.shortTerm(providers.shortTerm(config.adapters().shortTerm()),
                config.adapters().shortTerm());
        AdapterSelection longTermSelection = config.adapters().longTerm();
        if (config.autoMigrate()) {
            AutoMigration.run(providers, longTermSelection);
        }
        LongTermStore longTerm = longTermSelection == null ? null
                : observability.longTerm(providers.longTerm(longTermSelection), longTermSelection);
        List<TaskcastHooks> hooks = new ArrayList<>();
        for (AdapterSelection h : config.hooks()) {
            hooks.add(providers.hooks(h));
        }
        this.adapters = new ArrayList<>(List.of(broadcast, shortTerm));
        List<HealthReporting> probes = new ArrayList<>(List.of(shortTerm, broadcast));
        if (longTerm != null) {
            adapters.add(longTerm);
            probes.add(longTerm);
        }
        this.engine = TaskEngine.builder(shortTerm, broadcast).longTerm(longTerm)
                .longTermQueueCapacity(config.longTermQueueCapacity())
                .hooks(new HookDispatcher(hooks)).metrics(observability.engineMetrics()).build();
        this.webhooks = new WebhookDispatcher(engine.hooks(), config.webhookDefaultRetry(),
                WebhookDispatcher.Limits.DEFAULT, observability.engineMetrics());
        webhooks.attach(engine);
        this.streams = new EventStreams(engine, config.sseKeepaliveMs(), config.sseQueueCapacity(),
                config.sseWriteTimeoutMs());
        observability.bind(engine, streams);
        observability.logAdapters(config);
        ServiceRoutes service = new ServiceRoutes(TaskcastVersion.get(),
                config.auth().mode().name().toLowerCase(Locale.ROOT),
                new ServiceRoutes.Adapters(config.adapters().broadcast().provider(),
                        config.adapters().shortTerm().provider(),
                        longTermSelection == null ? null : longTermSelection.provider()),
                probes);
        HttpRouting.Builder routing = ApiRouting.create(engine, authenticator, streams, service, config.cors(),
                config.maxBodyBytes(), config.bodyIdleTimeoutMs(), observability.requests());
        if (config.uiEnabled()) {
            routing.addFeature(new WebConsole());
        }
        WebServerConfig.Builder server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                // A task id may be long (any string, http-api.md §5.2): a request line of up to 64 KiB
                // (Helidon's default is 2 KiB) keeps every id of up to 20 000 bytes (UTF-8) addressable,
                // even fully percent-encoded; longer lines are refused with 414.
                .addProtocol(Http1Config.builder().maxPrologueLength(MAX_REQUEST_LINE_BYTES).build())
                // Nagle off: a response written in more than one segment (a 50-event batch, an SSE
                // replay) otherwise waits for the client's delayed ACK, ~40 ms per request on Linux
                // (docs/performance.md).
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // Blocking sockets rather than NIO channels: same throughput on virtual threads, and
                // no second 8 KiB buffer per connection (10 000 SSE clients: 80 MB less).
                .useNio(false)
                .routing(routing);
        observability.configure(server);
        this.webServer = server.build();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "taskcast-sweeps");
            t.setDaemon(true);
            return t;
        });
        int batch = config.ttlSweepBatchSize();
        sweeper.scheduleWithFixedDelay(() -> sweep(batch), config.ttlSweepIntervalSeconds(),
                config.ttlSweepIntervalSeconds(), TimeUnit.SECONDS);
        CleanupSweeper cleanup = new CleanupSweeper(shortTerm, longTerm, CleanupRule.listFrom(config.cleanupRules()),
                engine::now, engine.hooks());
        sweeper.scheduleWithFixedDelay(() -> cleanUp(cleanup), config.cleanupIntervalSeconds(),
                config.cleanupIntervalSeconds(), TimeUnit.SECONDS);
    }

    /** Starts a server with the built-in providers and the plugins of {@code config.pluginsDir()}. */
    public static RunningServer start(ServerConfig config) {
        return start(config, TaskcastServer.class.getClassLoader());
    }

    /** As {@link #start(ServerConfig)}, taking built-in factories from {@code builtIns}. */
    public static RunningServer start(ServerConfig config, ClassLoader builtIns) {
        TaskcastServer server = new TaskcastServer(config, builtIns);
        server.webServer.start();
        if (!server.webServer.isRunning() || server.webServer.port() < 0) {
            // Helidon logs a listener that cannot bind and returns; startup must fail instead (config-cli.md §3.3).
            server.stop();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                    + " (port in use or not permitted)");
        }
        server.observability.logStarted(server.webServer);
        return server;
    }

    private void sweep(int batch) {
        try {
            engine.sweepDeadlines(batch);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TTL sweep failed: " + e.getMessage());
            engine.hooks().onUnhandledError(e, new TaskcastHooks.ErrorContext("ttlSweep", null));
        }
    }

    private void cleanUp(CleanupSweeper cleanup) {
        try {
            cleanup.sweep(CLEANUP_BATCH);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cleanup sweep failed: " + e.getMessage());
            engine.hooks().onUnhandledError(e, new TaskcastHooks.ErrorContext("cleanupSweep", null));
        }
    }

    @Override
    public int port() {
        return webServer.port();
    }

    @Override
    public int metricsPort() {
        return observability.metricsPort(webServer);
    }

    @Override
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        sweeper.shutdownNow();
        streams.shutdown();
        webServer.stop();
        webhooks.close();
        engine.close();
        for (AutoCloseable a : adapters) {
            try {
                a.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + a.getClass().getName() + " failed: " + e.getMessage());
            }
        }
        observability.close();
        stopped.countDown();
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }
}

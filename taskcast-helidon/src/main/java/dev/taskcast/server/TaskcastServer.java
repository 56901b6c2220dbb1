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
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.HealthReporting;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.TaskcastHooks;
import io.helidon.webserver.WebServer;
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
    /** Events a stream may have queued before it counts as too slow and is closed. */
    private static final int SUBSCRIBER_QUEUE_CAPACITY = 4096;
    /** Tasks cleaned per sweep; the sweeper resumes where it stopped on the next one. */
    private static final int CLEANUP_BATCH = 1000;

    private final List<AutoCloseable> adapters;
    private final TaskEngine engine;
    private final EventStreams streams;
    private final WebhookDispatcher webhooks;
    private final ScheduledExecutorService sweeper;
    private final WebServer webServer;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TaskcastServer(ServerConfig config, ClassLoader builtIns) {
        AdapterProviders providers = new AdapterProviders(ProviderRegistry.discover(builtIns, config.pluginsDir(),
                line -> LOG.log(Level.INFO, line)));
        Authenticator authenticator = Authenticator.create(config.auth());
        BroadcastProvider broadcast = providers.broadcast(config.adapters().broadcast());
        ShortTermStore shortTerm = providers.shortTerm(config.adapters().shortTerm());
        AdapterSelection longTermSelection = config.adapters().longTerm();
        if (config.autoMigrate()) {
            AutoMigration.run(providers, longTermSelection);
        }
        LongTermStore longTerm = longTermSelection == null ? null : providers.longTerm(longTermSelection);
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
                .hooks(new HookDispatcher(hooks)).build();
        this.webhooks = new WebhookDispatcher(engine.hooks(), config.webhookDefaultRetry(),
                WebhookDispatcher.Limits.DEFAULT);
        webhooks.attach(engine);
        this.streams = new EventStreams(engine, config.sseKeepaliveMs(), SUBSCRIBER_QUEUE_CAPACITY);
        ServiceRoutes service = new ServiceRoutes(TaskcastVersion.get(),
                config.auth().mode().name().toLowerCase(Locale.ROOT),
                new ServiceRoutes.Adapters(config.adapters().broadcast().provider(),
                        config.adapters().shortTerm().provider(),
                        longTermSelection == null ? null : longTermSelection.provider()),
                probes);
        this.webServer = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .routing(ApiRouting.create(engine, authenticator, streams, service, config.cors(),
                        config.maxBodyBytes()))
                .build();
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
        stopped.countDown();
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }
}

package dev.taskcast.server;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.engine.metrics.EngineMetrics;
import dev.taskcast.engine.task.TaskEngine;
import dev.taskcast.server.http.RequestObserver;
import dev.taskcast.server.logging.LogFields;
import dev.taskcast.server.logging.LogSetup;
import dev.taskcast.server.metrics.ServerMetrics;
import dev.taskcast.server.metrics.StoreTiming;
import dev.taskcast.server.sse.EventStreams;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.ObserveFeatureConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Metrics, request logging and the structured startup lines of one server, kept out of
 * {@link TaskcastServer} so that wiring them is a handful of calls there. With
 * {@code metrics.enabled: false} nothing is timed or counted and {@code /metrics} is a 404.
 */
final class Observability implements AutoCloseable {
    /** The named listener that serves {@code /metrics} when {@code metrics.port} is set. */
    static final String METRICS_SOCKET = "metrics";
    /**
     * Above the weight of the application's own routes, so that {@code /metrics} is routed before
     * the catch-all that answers every unknown path with the plain 404.
     */
    private static final double OBSERVE_WEIGHT = 200;

    private static final Logger STARTUP = Logger.getLogger(LogSetup.STARTUP_LOGGER);

    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final RequestObserver requests;

    Observability(ServerConfig config) {
        this.config = config;
        this.metrics = config.metricsEnabled() ? new ServerMetrics() : null;
        this.requests = new RequestObserver(metrics, config.verbose());
    }

    EngineMetrics engineMetrics() {
        return metrics != null ? metrics : EngineMetrics.NONE;
    }

    RequestObserver requests() {
        return requests;
    }

    ShortTermStore shortTerm(ShortTermStore store, AdapterSelection selection) {
        return metrics == null ? store : StoreTiming.shortTerm(store, selection.provider(), metrics);
    }

    LongTermStore longTerm(LongTermStore store, AdapterSelection selection) {
        return metrics == null || store == null ? store : StoreTiming.longTerm(store, selection.provider(), metrics);
    }

    BroadcastProvider broadcast(BroadcastProvider broadcast, AdapterSelection selection) {
        return metrics == null ? broadcast : StoreTiming.broadcast(broadcast, selection.provider(), metrics);
    }

    /** Starts the engine and stream gauges. */
    void bind(TaskEngine engine, EventStreams streams) {
        if (metrics != null) {
            metrics.bind(engine, streams);
            streams.useMetrics(metrics);
        }
    }

    /** Adds the metrics endpoint (and its listener) to the server; no other Helidon feature is discovered. */
    void configure(WebServerConfig.Builder server) {
        server.featuresDiscoverServices(false);
        if (metrics == null) {
            return;
        }
        ObserveFeatureConfig.Builder observe = ObserveFeature.builder()
                .endpoint("/")
                .weight(OBSERVE_WEIGHT)
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.builder().endpoint("metrics").build());
        if (separateMetricsPort()) {
            server.putSocket(METRICS_SOCKET, socket -> socket.host(config.host()).port(config.metricsPort()));
            observe.sockets(List.of(METRICS_SOCKET));
        }
        server.addFeature(observe.build());
    }

    /** {@code metrics.port} set and different from the main port (0 means an ephemeral port of its own). */
    boolean separateMetricsPort() {
        Integer p = config.metricsPort();
        return p != null && (p == 0 || p != config.port());
    }

    int metricsPort(WebServer server) {
        return separateMetricsPort() ? server.port(METRICS_SOCKET) : server.port();
    }

    /** The structured startup lines of the server itself (the CLI logs the configuration file). */
    void logAdapters(ServerConfig c) {
        LogFields.of("adapters_selected",
                        "broadcast", c.adapters().broadcast().provider(),
                        "shortTermStore", c.adapters().shortTerm().provider(),
                        "longTermStore", c.adapters().longTerm() == null ? "none" : c.adapters().longTerm().provider(),
                        "hooks", c.hooks().stream().map(AdapterSelection::provider).toList())
                .log(STARTUP, Level.INFO, "storage and hook providers chosen");
        String mode = c.auth().mode().name().toLowerCase(Locale.ROOT);
        LogFields.of("auth_configured", "mode", mode,
                        "algorithm", c.auth().jwt() == null ? null : c.auth().jwt().algorithm(),
                        "cors", c.cors().enabled())
                .log(STARTUP, Level.INFO, "authentication configured");
    }

    static void logProvider(String line) {
        LogFields.of("provider_discovered").log(STARTUP, Level.INFO, line);
    }

    void logStarted(WebServer server) {
        LogFields.of("server_started", "host", config.host(), "port", server.port(),
                        "metrics", metrics == null ? "off" : "/metrics",
                        "metricsPort", metrics == null ? null : metricsPort(server),
                        "accessLog", config.verbose())
                .log(STARTUP, Level.INFO, "listening");
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}

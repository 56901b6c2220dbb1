package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.taskcast.api.RetryConfig;
import dev.taskcast.api.TaskcastJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The effective server configuration: command line, environment, config file and defaults merged
 * once at startup (config-cli.md), so that the rest of the server reads typed values only.
 * Build it with {@link ServerConfigLoader}, or in tests with {@link #builder()}.
 *
 * @param configFile              absolute path of the file that was read, {@code null} when none
 * @param port                    listen port, 0 for an ephemeral one
 * @param host                    listen address
 * @param logLevel                log threshold
 * @param verbose                 log one line per request (§3.6)
 * @param auth                    authentication mode and JWT settings
 * @param adapters                storage adapters to create
 * @param hooks                   hook providers to enable, in configuration order
 * @param pluginsDir              folder scanned for plugin jars, {@code null} for none
 * @param sseKeepaliveMs          keepalive comment interval on task SSE streams, 0 disables
 * @param cors                    CORS policy
 * @param ttlSweepIntervalSeconds period of the TTL sweep
 * @param ttlSweepBatchSize       tasks timed out per sweep
 * @param cleanupRules            global cleanup rules as written (a JSON array, possibly empty); do not mutate
 * @param cleanupIntervalSeconds  period of the cleanup sweep
 * @param webhookDefaultRetry     partial retry policy under per-webhook ones, {@code null} when not configured
 * @param postgresMaxConnections  PostgreSQL pool size
 * @param autoMigrate             apply PostgreSQL migrations before binding HTTP
 * @param maxBodyBytes            largest accepted request body
 * @param sseQueueCapacity        live events one SSE stream may have queued before it counts as too
 *                                slow and is closed (key {@code sse.queueCapacity})
 * @param sseWriteTimeoutMs       an SSE stream whose write has been blocked this long (the client stopped
 *                                reading, or the connection is half-open) is closed; 0 disables (key
 *                                {@code sse.writeTimeoutMs})
 * @param longTermQueueCapacity   long-term writes held while the long-term store is slow or unreachable;
 *                                beyond it writes are dropped and reported (key {@code limits.longTermQueue})
 * @param metricsEnabled          serve Prometheus metrics at {@code /metrics} (key {@code metrics.enabled})
 * @param metricsPort             port of a separate listener for {@code /metrics}, {@code null} to serve it on
 *                                {@link #port} (key {@code metrics.port}; 0 for an ephemeral port)
 * @param logFormat               log line format (key {@code logFormat}, flag {@code --log-format})
 * @param uiEnabled               serve the read-only web console at {@code /ui} (key {@code ui.enabled},
 *                                Java-only, default true)
 * @param bodyIdleTimeoutMs       a request whose body stops arriving for this long is abandoned and its
 *                                connection closed (key {@code limits.bodyIdleTimeoutMs})
 */
public record ServerConfig(
        Path configFile,
        int port,
        String host,
        LogLevel logLevel,
        boolean verbose,
        AuthSettings auth,
        AdapterSettings adapters,
        List<AdapterSelection> hooks,
        Path pluginsDir,
        long sseKeepaliveMs,
        CorsSettings cors,
        int ttlSweepIntervalSeconds,
        int ttlSweepBatchSize,
        JsonNode cleanupRules,
        int cleanupIntervalSeconds,
        RetryConfig webhookDefaultRetry,
        int postgresMaxConnections,
        boolean autoMigrate,
        long maxBodyBytes,
        int sseQueueCapacity,
        long sseWriteTimeoutMs,
        int longTermQueueCapacity,
        boolean metricsEnabled,
        Integer metricsPort,
        LogFormat logFormat,
        boolean uiEnabled,
        long bodyIdleTimeoutMs) {

    public static final int DEFAULT_PORT = 3721;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final long DEFAULT_SSE_KEEPALIVE_MS = 15_000;
    public static final int DEFAULT_TTL_SWEEP_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_TTL_SWEEP_BATCH_SIZE = 100;
    public static final int DEFAULT_CLEANUP_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_POSTGRES_MAX_CONNECTIONS = 10;
    /** http-api.md §1.1: bodies of at least 10 MiB must be accepted. */
    public static final long MIN_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_SSE_QUEUE_CAPACITY = 4096;
    public static final long DEFAULT_SSE_WRITE_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_LONG_TERM_QUEUE_CAPACITY = 100_000;
    public static final long DEFAULT_BODY_IDLE_TIMEOUT_MS = 30_000;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(adapters, "adapters");
        hooks = List.copyOf(hooks);
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(logFormat, "logFormat");
        cleanupRules = cleanupRules == null ? TaskcastJson.mapper().createArrayNode() : cleanupRules;
    }

    /** Everything at its built-in default: memory storage, no auth, port 3721. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a {@link ServerConfig}, mainly for tests: start from the defaults, change what matters. */
    public static final class Builder {
        private Path configFile;
        private int port = DEFAULT_PORT;
        private String host = DEFAULT_HOST;
        private LogLevel logLevel = LogLevel.INFO;
        private boolean verbose;
        private AuthSettings auth = AuthSettings.NONE;
        private AdapterSettings adapters = AdapterSettings.memory();
        private List<AdapterSelection> hooks = List.of();
        private Path pluginsDir;
        private long sseKeepaliveMs = DEFAULT_SSE_KEEPALIVE_MS;
        private CorsSettings cors = CorsSettings.OFF;
        private int ttlSweepIntervalSeconds = DEFAULT_TTL_SWEEP_INTERVAL_SECONDS;
        private int ttlSweepBatchSize = DEFAULT_TTL_SWEEP_BATCH_SIZE;
        private JsonNode cleanupRules = emptyArray();
        private int cleanupIntervalSeconds = DEFAULT_CLEANUP_INTERVAL_SECONDS;
        private RetryConfig webhookDefaultRetry;
        private int postgresMaxConnections = DEFAULT_POSTGRES_MAX_CONNECTIONS;
        private boolean autoMigrate;
        private long maxBodyBytes = MIN_MAX_BODY_BYTES;
        private int sseQueueCapacity = DEFAULT_SSE_QUEUE_CAPACITY;
        private long sseWriteTimeoutMs = DEFAULT_SSE_WRITE_TIMEOUT_MS;
        private int longTermQueueCapacity = DEFAULT_LONG_TERM_QUEUE_CAPACITY;
        private boolean metricsEnabled = true;
        private Integer metricsPort;
        private LogFormat logFormat = LogFormat.TEXT;
        private boolean uiEnabled = true;
        private long bodyIdleTimeoutMs = DEFAULT_BODY_IDLE_TIMEOUT_MS;

        private Builder() {
        }

        private Builder(ServerConfig c) {
            configFile = c.configFile;
            port = c.port;
            host = c.host;
            logLevel = c.logLevel;
            verbose = c.verbose;
            auth = c.auth;
            adapters = c.adapters;
            hooks = c.hooks;
            pluginsDir = c.pluginsDir;
            sseKeepaliveMs = c.sseKeepaliveMs;
            cors = c.cors;
            ttlSweepIntervalSeconds = c.ttlSweepIntervalSeconds;
            ttlSweepBatchSize = c.ttlSweepBatchSize;
            cleanupRules = c.cleanupRules;
            cleanupIntervalSeconds = c.cleanupIntervalSeconds;
            webhookDefaultRetry = c.webhookDefaultRetry;
            postgresMaxConnections = c.postgresMaxConnections;
            autoMigrate = c.autoMigrate;
            maxBodyBytes = c.maxBodyBytes;
            sseQueueCapacity = c.sseQueueCapacity;
            sseWriteTimeoutMs = c.sseWriteTimeoutMs;
            longTermQueueCapacity = c.longTermQueueCapacity;
            metricsEnabled = c.metricsEnabled;
            metricsPort = c.metricsPort;
            logFormat = c.logFormat;
            uiEnabled = c.uiEnabled;
            bodyIdleTimeoutMs = c.bodyIdleTimeoutMs;
        }

        public Builder configFile(Path v) { configFile = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder logLevel(LogLevel v) { logLevel = v; return this; }
        public Builder verbose(boolean v) { verbose = v; return this; }
        public Builder auth(AuthSettings v) { auth = v; return this; }
        public Builder adapters(AdapterSettings v) { adapters = v; return this; }
        public Builder hooks(List<AdapterSelection> v) { hooks = v; return this; }
        public Builder pluginsDir(Path v) { pluginsDir = v; return this; }
        public Builder sseKeepaliveMs(long v) { sseKeepaliveMs = v; return this; }
        public Builder cors(CorsSettings v) { cors = v; return this; }
        public Builder ttlSweepIntervalSeconds(int v) { ttlSweepIntervalSeconds = v; return this; }
        public Builder ttlSweepBatchSize(int v) { ttlSweepBatchSize = v; return this; }
        public Builder cleanupRules(JsonNode v) { cleanupRules = v; return this; }
        public Builder cleanupIntervalSeconds(int v) { cleanupIntervalSeconds = v; return this; }
        public Builder webhookDefaultRetry(RetryConfig v) { webhookDefaultRetry = v; return this; }
        public Builder postgresMaxConnections(int v) { postgresMaxConnections = v; return this; }
        public Builder autoMigrate(boolean v) { autoMigrate = v; return this; }
        public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
        public Builder sseQueueCapacity(int v) { sseQueueCapacity = v; return this; }
        public Builder sseWriteTimeoutMs(long v) { sseWriteTimeoutMs = v; return this; }
        public Builder longTermQueueCapacity(int v) { longTermQueueCapacity = v; return this; }
        public Builder metricsEnabled(boolean v) { metricsEnabled = v; return this; }
        public Builder metricsPort(Integer v) { metricsPort = v; return this; }
        public Builder logFormat(LogFormat v) { logFormat = v; return this; }
        public Builder uiEnabled(boolean v) { uiEnabled = v; return this; }
        public Builder bodyIdleTimeoutMs(long v) { bodyIdleTimeoutMs = v; return this; }

        public ServerConfig build() {
            return new ServerConfig(configFile, port, host, logLevel, verbose, auth, adapters, hooks, pluginsDir,
                    sseKeepaliveMs, cors, ttlSweepIntervalSeconds, ttlSweepBatchSize, cleanupRules,
                    cleanupIntervalSeconds, webhookDefaultRetry, postgresMaxConnections, autoMigrate, maxBodyBytes,
                    sseQueueCapacity, sseWriteTimeoutMs, longTermQueueCapacity, metricsEnabled, metricsPort,
                    logFormat, uiEnabled, bodyIdleTimeoutMs);
        }

        private static ArrayNode emptyArray() {
            return TaskcastJson.mapper().createArrayNode();
        }
    }
}

package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.RetryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Merges command line, environment, parsed config file and defaults into a {@link ServerConfig}
 * (config-cli.md §2: CLI flag > environment variable > config file > built-in default). Only the
 * value that wins is validated; an overridden one is never read.
 */
public final class ServerConfigResolver {

    private static final String PORT_RANGE = "an integer between 0 and 65535";

    private ServerConfigResolver() {
    }

    /**
     * @param file       parsed config file (empty object when there is none)
     * @param configFile the file's absolute path, {@code null} when there is none
     * @param warnings   receives operator warnings for values that are ignored
     */
    public static ServerConfig resolve(ObjectNode file, Path configFile, CommandLineOverrides cli,
                                       ConfigEnvironment env, Consumer<String> warnings) {
        return ServerConfig.builder()
                .configFile(configFile)
                .port(port(file, cli, env))
                .host(cli.host() != null ? cli.host() : orDefault(ConfigValues.text(file.get("host"), "host"),
                        ServerConfig.DEFAULT_HOST))
                .logLevel(logLevel(file, cli, env, warnings))
                .verbose(cli.verbose() || Boolean.TRUE.equals(ConfigValues.bool(file.get("accessLog"), "accessLog")))
                .auth(AuthSettingsResolver.resolve(ConfigValues.at(file, "auth"), env))
                .adapters(AdapterSelector.select(ConfigValues.at(file, "adapters"), env, cli.storage()))
                .hooks(hooks(file.get("hooks")))
                .pluginsDir(pluginsDir(file, configFile, cli, env))
                .sseKeepaliveMs(orDefault(ConfigValues.nonNegativeInteger(ConfigValues.at(file, "sse.keepaliveMs"),
                        "sse.keepaliveMs"), ServerConfig.DEFAULT_SSE_KEEPALIVE_MS))
                .cors(CorsSettings.read(file.get("cors")))
                .ttlSweepIntervalSeconds(positive(file, "storageLifecycle.ttlSweepIntervalSeconds",
                        env, "TASKCAST_TTL_SWEEP_INTERVAL_SECONDS", ServerConfig.DEFAULT_TTL_SWEEP_INTERVAL_SECONDS))
                .ttlSweepBatchSize(positive(file, "storageLifecycle.ttlSweepBatchSize",
                        env, "TASKCAST_TTL_SWEEP_BATCH_SIZE", ServerConfig.DEFAULT_TTL_SWEEP_BATCH_SIZE))
                .cleanupRules(cleanupRules(file))
                .cleanupIntervalSeconds(positive(file, "cleanup.intervalSeconds", env, null,
                        ServerConfig.DEFAULT_CLEANUP_INTERVAL_SECONDS))
                .webhookDefaultRetry(defaultRetry(file))
                .postgresMaxConnections(orDefault(ConfigValues.positiveIntegerVariable(env,
                        "TASKCAST_POSTGRES_MAX_CONNECTIONS"), ServerConfig.DEFAULT_POSTGRES_MAX_CONNECTIONS))
                .autoMigrate(ConfigValues.truthy(env.get("TASKCAST_AUTO_MIGRATE")))
                .maxBodyBytes(maxBodyBytes(file))
                .sseQueueCapacity(orDefault(ConfigValues.positiveInteger(ConfigValues.at(file, "sse.queueCapacity"),
                        "sse.queueCapacity"), ServerConfig.DEFAULT_SSE_QUEUE_CAPACITY))
                .sseWriteTimeoutMs(orDefault(ConfigValues.nonNegativeInteger(ConfigValues.at(file, "sse.writeTimeoutMs"),
                        "sse.writeTimeoutMs"), ServerConfig.DEFAULT_SSE_WRITE_TIMEOUT_MS))
                .longTermQueueCapacity(orDefault(ConfigValues.positiveInteger(ConfigValues.at(file, "limits.longTermQueue"),
                        "limits.longTermQueue"), ServerConfig.DEFAULT_LONG_TERM_QUEUE_CAPACITY))
                .bodyIdleTimeoutMs(orDefault(ConfigValues.positiveInteger(ConfigValues.at(file, "limits.bodyIdleTimeoutMs"),
                        "limits.bodyIdleTimeoutMs"), (int) ServerConfig.DEFAULT_BODY_IDLE_TIMEOUT_MS))
                .metricsEnabled(orDefault(ConfigValues.bool(ConfigValues.at(file, "metrics.enabled"), "metrics.enabled"),
                        true))
                .metricsPort(metricsPort(file))
                .logFormat(logFormat(file, cli, env))
                .uiEnabled(orDefault(ConfigValues.bool(ConfigValues.at(file, "ui.enabled"), "ui.enabled"), true))
                .build();
    }

    /** {@code metrics.port}: a separate listener for {@code /metrics}; absent means the main port. */
    private static Integer metricsPort(ObjectNode file) {
        Long configured = ConfigValues.integer(ConfigValues.at(file, "metrics.port"), "metrics.port must be " + PORT_RANGE);
        return configured == null ? null : checkPort(configured, "metrics.port");
    }

    /** {@code --log-format} > {@code TASKCAST_LOG_FORMAT} > config {@code logFormat} > text. */
    private static LogFormat logFormat(ObjectNode file, CommandLineOverrides cli, ConfigEnvironment env) {
        if (cli.logFormat() != null) {
            return LogFormat.parse(cli.logFormat()).orElseThrow(() -> invalidFormat("--log-format", cli.logFormat()));
        }
        String variable = env.get("TASKCAST_LOG_FORMAT");
        if (variable != null && !variable.isBlank()) {
            return LogFormat.parse(variable).orElseThrow(() -> invalidFormat("TASKCAST_LOG_FORMAT", variable));
        }
        String configured = ConfigValues.text(file.get("logFormat"), "logFormat");
        if (configured == null) {
            return LogFormat.TEXT;
        }
        return LogFormat.parse(configured).orElseThrow(() -> invalidFormat("logFormat", configured));
    }

    private static ConfigException invalidFormat(String name, String value) {
        return new ConfigException("invalid " + name + " \"" + value + "\"; expected text or json");
    }

    /** config-cli.md §3.3: {@code -p}, else {@code TASKCAST_PORT}, else config {@code port}, else 3721. */
    private static int port(ObjectNode file, CommandLineOverrides cli, ConfigEnvironment env) {
        if (cli.port() != null) {
            return checkPort(cli.port(), "--port");
        }
        String variable = env.get("TASKCAST_PORT");
        if (variable != null) {
            try {
                return checkPort(Long.parseLong(variable.trim()), "TASKCAST_PORT");
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid TASKCAST_PORT \"" + variable + "\"; expected " + PORT_RANGE);
            }
        }
        Long configured = ConfigValues.integer(ConfigValues.at(file, "port"), "port must be " + PORT_RANGE);
        return configured == null ? ServerConfig.DEFAULT_PORT : checkPort(configured, "port");
    }

    private static int checkPort(long port, String name) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("invalid " + name + " " + port + "; expected " + PORT_RANGE);
        }
        return (int) port;
    }

    /**
     * {@code --log-level} > {@code TASKCAST_LOG_LEVEL} > config {@code logLevel} > info. The
     * original only parses the config key, so an invalid value there is ignored with a warning
     * rather than refusing a file the original accepts.
     */
    private static LogLevel logLevel(ObjectNode file, CommandLineOverrides cli, ConfigEnvironment env,
                                     Consumer<String> warnings) {
        if (cli.logLevel() != null) {
            return LogLevel.parse(cli.logLevel()).orElseThrow(() -> invalidLevel("--log-level", cli.logLevel()));
        }
        String variable = env.get("TASKCAST_LOG_LEVEL");
        if (variable != null && !variable.isBlank()) {
            return LogLevel.parse(variable).orElseThrow(() -> invalidLevel("TASKCAST_LOG_LEVEL", variable));
        }
        JsonNode node = file.get("logLevel");
        String configured = node != null && node.isTextual() ? node.textValue() : null;
        if (configured == null || configured.isBlank()) {
            return LogLevel.INFO;
        }
        return LogLevel.parse(configured).orElseGet(() -> {
            warnings.accept("Ignoring logLevel \"" + configured + "\" in the config file; expected debug, info, warn,"
                    + " or error");
            return LogLevel.INFO;
        });
    }

    private static ConfigException invalidLevel(String name, String value) {
        return new ConfigException("invalid " + name + " \"" + value + "\"; expected debug, info, warn, or error");
    }

    /** {@code hooks: [{provider: name, …options}, …]} (Java-only). */
    private static List<AdapterSelection> hooks(JsonNode hooks) {
        if (hooks == null || hooks.isNull()) {
            return List.of();
        }
        if (!hooks.isArray()) {
            throw new ConfigException("hooks must be a list of {provider: <name>, ...options} blocks");
        }
        List<AdapterSelection> result = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            JsonNode hook = hooks.get(i);
            String provider = hook.isObject() ? ConfigValues.text(hook.get("provider"), "hooks[" + i + "].provider") : null;
            if (provider == null) {
                throw new ConfigException("hooks[" + i + "] must be a block with a provider name, e.g. {provider: my-hooks}");
            }
            result.add(new AdapterSelection(provider, ConfigValues.toMap(hook)));
        }
        return result;
    }

    /**
     * {@code --plugins} and {@code TASKCAST_PLUGINS_DIR} are relative to the working directory,
     * {@code plugins.dir} to the config file that names it; the default is the distribution's
     * {@code plugins/} folder.
     */
    private static Path pluginsDir(ObjectNode file, Path configFile, CommandLineOverrides cli, ConfigEnvironment env) {
        if (cli.pluginsDir() != null) {
            return env.resolve(cli.pluginsDir());
        }
        if (env.get("TASKCAST_PLUGINS_DIR") != null) {
            return env.resolve(env.get("TASKCAST_PLUGINS_DIR"));
        }
        String configured = ConfigValues.text(ConfigValues.at(file, "plugins.dir"), "plugins.dir");
        if (configured != null) {
            Path base = configFile != null && configFile.getParent() != null ? configFile.getParent() : env.workingDir();
            return base.resolve(configured).normalize();
        }
        return env.distributionHome() == null ? null : env.distributionHome().resolve("plugins");
    }

    private static int positive(ObjectNode file, String key, ConfigEnvironment env, String variable, int fallback) {
        Integer fromEnv = variable == null ? null : ConfigValues.positiveIntegerVariable(env, variable);
        if (fromEnv != null) {
            return fromEnv;
        }
        return orDefault(ConfigValues.positiveInteger(ConfigValues.at(file, key), key), fallback);
    }

    private static JsonNode cleanupRules(ObjectNode file) {
        JsonNode rules = ConfigValues.at(file, "cleanup.rules");
        if (rules == null) {
            return null;
        }
        if (!rules.isArray()) {
            throw new ConfigException("cleanup.rules must be a list of cleanup rules");
        }
        return rules.deepCopy();
    }

    private static RetryConfig defaultRetry(ObjectNode file) {
        JsonNode retry = ConfigValues.at(file, "webhook.defaultRetry");
        if (retry == null) {
            return null;
        }
        if (!retry.isObject()) {
            throw new ConfigException("webhook.defaultRetry must be a mapping of retry settings");
        }
        return RetryConfig.from(retry);
    }

    private static long maxBodyBytes(ObjectNode file) {
        String error = "limits.maxBodyBytes must be an integer of at least " + ServerConfig.MIN_MAX_BODY_BYTES + " (10 MiB)";
        Long value = ConfigValues.integer(ConfigValues.at(file, "limits.maxBodyBytes"), error);
        if (value == null) {
            return ServerConfig.MIN_MAX_BODY_BYTES;
        }
        if (value < ServerConfig.MIN_MAX_BODY_BYTES) {
            throw new ConfigException(error);
        }
        return value;
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}

package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.RetryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigResolverTest {

    private static final Path WORK = Path.of("/srv/work");
    private static final Path CONFIG = Path.of("/etc/taskcast/taskcast.config.yaml");

    private final List<String> warnings = new ArrayList<>();

    private ServerConfig resolve(String yaml, Map<String, String> env, CommandLineOverrides cli) {
        ObjectNode file = ConfigFileParser.parseYaml(yaml, env, CONFIG);
        return ServerConfigResolver.resolve(file, yaml.isEmpty() ? null : CONFIG, cli,
                ConfigEnvironment.of(WORK, Path.of("/home/u"), env), warnings::add);
    }

    private ServerConfig resolve(String yaml, Map<String, String> env) {
        return resolve(yaml, env, CommandLineOverrides.NONE);
    }

    private String error(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> resolve(yaml, env)).getMessage();
    }

    private static CommandLineOverrides cli(Integer port, String host, String storage, String plugins, String level) {
        return new CommandLineOverrides(null, port, host, storage, plugins, level, false);
    }

    @Test
    void emptyConfigurationIsTheDefaults() {
        assertEquals(ServerConfig.defaults(), resolve("", Map.of()));
        ServerConfig d = ServerConfig.defaults();
        assertEquals(3721, d.port());
        assertEquals("0.0.0.0", d.host());
        assertEquals(LogLevel.INFO, d.logLevel());
        assertEquals(AuthSettings.NONE, d.auth());
        assertEquals(AdapterSettings.memory(), d.adapters());
        assertEquals(List.of(), d.hooks());
        assertNull(d.pluginsDir());
        assertEquals(15000, d.sseKeepaliveMs());
        assertEquals(CorsSettings.OFF, d.cors());
        assertEquals(5, d.ttlSweepIntervalSeconds());
        assertEquals(100, d.ttlSweepBatchSize());
        assertEquals("[]", d.cleanupRules().toString());
        assertEquals(60, d.cleanupIntervalSeconds());
        assertNull(d.webhookDefaultRetry());
        assertEquals(10, d.postgresMaxConnections());
        assertFalse(d.autoMigrate());
        assertEquals(10_485_760, d.maxBodyBytes());
        assertNull(d.configFile());
    }

    @Test
    void portPrecedenceCliEnvFileDefault() {
        Map<String, String> env = Map.of("TASKCAST_PORT", "5000");
        assertEquals(6000, resolve("port: 4000", env, cli(6000, null, null, null, null)).port());
        assertEquals(5000, resolve("port: 4000", env).port());
        assertEquals(4000, resolve("port: 4000", Map.of()).port());
        assertEquals(4000, resolve("port: 4000", Map.of("TASKCAST_PORT", "")).port());
        assertEquals(3721, resolve("port: abc", Map.of()).port(), "a string port without digits is dropped");
        assertEquals(0, resolve("", Map.of("TASKCAST_PORT", "0")).port(), "0 asks for an ephemeral port");
    }

    @Test
    void invalidPorts() {
        assertEquals("invalid TASKCAST_PORT \"http\"; expected an integer between 0 and 65535",
                error("", Map.of("TASKCAST_PORT", "http")));
        assertEquals("invalid TASKCAST_PORT 70000; expected an integer between 0 and 65535",
                error("", Map.of("TASKCAST_PORT", "70000")));
        assertEquals("invalid port 70000; expected an integer between 0 and 65535", error("port: 70000", Map.of()));
        assertEquals("port must be an integer between 0 and 65535", error("port: [1]", Map.of()));
        assertThrows(ConfigException.class, () -> resolve("", Map.of(), cli(-1, null, null, null, null)));
    }

    @Test
    void hostFromCliThenFile() {
        assertEquals("127.0.0.1", resolve("host: 127.0.0.1", Map.of()).host());
        assertEquals("::1", resolve("host: 127.0.0.1", Map.of(), cli(null, "::1", null, null, null)).host());
    }

    @Test
    void logLevelPrecedenceAndValidation() {
        assertEquals(LogLevel.WARN, resolve("logLevel: error", Map.of("TASKCAST_LOG_LEVEL", " WARN ")).logLevel());
        assertEquals(LogLevel.ERROR, resolve("logLevel: error", Map.of()).logLevel());
        assertEquals(LogLevel.INFO, resolve("", Map.of("TASKCAST_LOG_LEVEL", "")).logLevel());
        assertEquals(LogLevel.DEBUG, resolve("", Map.of("TASKCAST_LOG_LEVEL", "warn"),
                cli(null, null, null, null, "debug")).logLevel());
        assertEquals("invalid TASKCAST_LOG_LEVEL \"verbose\"; expected debug, info, warn, or error",
                error("", Map.of("TASKCAST_LOG_LEVEL", "verbose")));
        assertEquals(List.of(), warnings);
        // The original only parses the key: an invalid value is ignored, with a warning.
        assertEquals(LogLevel.INFO, resolve("logLevel: loud", Map.of()).logLevel());
        assertEquals(List.of("Ignoring logLevel \"loud\" in the config file; expected debug, info, warn, or error"),
                warnings);
        assertEquals("invalid --log-level \"x\"; expected debug, info, warn, or error", assertThrows(
                ConfigException.class, () -> resolve("", Map.of(), cli(null, null, null, null, "x"))).getMessage());
    }

    @Test
    void storageFlagReachesAdapterSelection() {
        ServerConfig c = resolve("", Map.of("TASKCAST_REDIS_URL", "redis://r"), cli(null, null, "memory", null, null));
        assertEquals("memory", c.adapters().shortTerm().provider());
        assertEquals("redis", resolve("", Map.of("TASKCAST_REDIS_URL", "redis://r")).adapters().shortTerm().provider());
    }

    @Test
    void hooksKeepTheirWholeBlock() {
        ServerConfig c = resolve("hooks:\n  - {provider: audit, target: x}\n  - provider: metrics\n", Map.of());
        assertEquals(List.of(new AdapterSelection("audit", Map.of("provider", "audit", "target", "x")),
                AdapterSelection.of("metrics")), c.hooks());
        assertEquals("hooks[1] must be a block with a provider name, e.g. {provider: my-hooks}",
                error("hooks: [{provider: a}, {target: x}]", Map.of()));
        assertEquals("hooks must be a list of {provider: <name>, ...options} blocks", error("hooks: audit", Map.of()));
    }

    @Test
    void pluginsDirPrecedence() {
        Map<String, String> env = Map.of("TASKCAST_PLUGINS_DIR", "env-plugins");
        assertEquals(WORK.resolve("cli-plugins"),
                resolve("plugins: {dir: file-plugins}", env, cli(null, null, null, "cli-plugins", null)).pluginsDir());
        assertEquals(WORK.resolve("env-plugins"), resolve("plugins: {dir: file-plugins}", env).pluginsDir());
        assertEquals(CONFIG.getParent().resolve("file-plugins"),
                resolve("plugins: {dir: file-plugins}", Map.of()).pluginsDir(), "relative to the config file");
        assertEquals(Path.of("/abs/plugins"), resolve("plugins: {dir: /abs/plugins}", Map.of()).pluginsDir());
    }

    @Test
    void pluginsDirDefaultsToTheDistributionFolder() {
        ServerConfig c = ServerConfigResolver.resolve(ConfigFile.none().tree(), null, CommandLineOverrides.NONE,
                new ConfigEnvironment(WORK, WORK, Map.of(), Path.of("/opt/taskcast")), warnings::add);
        assertEquals(Path.of("/opt/taskcast/plugins"), c.pluginsDir());
    }

    @Test
    void sseKeepalive() {
        assertEquals(0, resolve("sse: {keepaliveMs: 0}", Map.of()).sseKeepaliveMs());
        assertEquals(2500, resolve("sse: {keepaliveMs: 2500}", Map.of()).sseKeepaliveMs());
        assertEquals("sse.keepaliveMs must be a non-negative integer", error("sse: {keepaliveMs: -1}", Map.of()));
        assertEquals("sse.keepaliveMs must be a non-negative integer", error("sse: {keepaliveMs: fast}", Map.of()));
    }

    @Test
    void cors() {
        assertEquals(CorsSettings.OFF, resolve("cors: false", Map.of()).cors());
        assertEquals(CorsSettings.ANY_ORIGIN, resolve("cors: true", Map.of()).cors());
        assertEquals(CorsSettings.ANY_ORIGIN, resolve("cors: {origin: '*'}", Map.of()).cors());
        assertEquals(CorsSettings.ANY_ORIGIN, resolve("cors: {}", Map.of()).cors());
        assertEquals(CorsSettings.listed(List.of("https://a.example")),
                resolve("cors: {origin: 'https://a.example'}", Map.of()).cors());
        assertEquals(CorsSettings.listed(List.of("https://a", "https://b")),
                resolve("cors: {origin: ['https://a', 'https://b']}", Map.of()).cors());
        assertTrue(resolve("cors: true", Map.of()).cors().enabled());
        assertEquals("cors must be true or {origin: <origin> | [<origin>, ...]}", error("cors: yes", Map.of()));
        assertEquals("cors must be true or {origin: <origin> | [<origin>, ...]}", error("cors: {origin: [1]}", Map.of()));
    }

    @Test
    void ttlSweepSettingsFromFileAndEnv() {
        String yaml = "storageLifecycle: {ttlSweepIntervalSeconds: 7, ttlSweepBatchSize: 50, hotRetentionEnabled: true}";
        ServerConfig fromFile = resolve(yaml, Map.of());
        assertEquals(7, fromFile.ttlSweepIntervalSeconds());
        assertEquals(50, fromFile.ttlSweepBatchSize());
        ServerConfig fromEnv = resolve(yaml, Map.of("TASKCAST_TTL_SWEEP_INTERVAL_SECONDS", "2",
                "TASKCAST_TTL_SWEEP_BATCH_SIZE", "3"));
        assertEquals(2, fromEnv.ttlSweepIntervalSeconds());
        assertEquals(3, fromEnv.ttlSweepBatchSize());
    }

    @Test
    void ttlSweepErrors() {
        for (String bad : List.of("0", "-1", "1.5", "05", "abc", " 5", "99999999999")) {
            assertEquals("TASKCAST_TTL_SWEEP_INTERVAL_SECONDS must be a positive integer",
                    error("", Map.of("TASKCAST_TTL_SWEEP_INTERVAL_SECONDS", bad)), bad);
            assertEquals("TASKCAST_TTL_SWEEP_BATCH_SIZE must be a positive integer",
                    error("", Map.of("TASKCAST_TTL_SWEEP_BATCH_SIZE", bad)), bad);
        }
        assertEquals("storageLifecycle.ttlSweepIntervalSeconds must be a positive integer",
                error("storageLifecycle: {ttlSweepIntervalSeconds: 0}", Map.of()));
        assertEquals("storageLifecycle.ttlSweepBatchSize must be a positive integer",
                error("storageLifecycle: {ttlSweepBatchSize: 2.5}", Map.of()));
    }

    @Test
    void cleanupSettings() {
        ServerConfig c = resolve("cleanup:\n  intervalSeconds: 30\n  rules:\n    - match: {status: [completed]}\n"
                + "      trigger: {afterMs: 1000}\n      target: all\n", Map.of());
        assertEquals(30, c.cleanupIntervalSeconds());
        assertEquals("[{\"match\":{\"status\":[\"completed\"]},\"trigger\":{\"afterMs\":1000},\"target\":\"all\"}]",
                c.cleanupRules().toString());
        assertEquals("cleanup.intervalSeconds must be a positive integer", error("cleanup: {intervalSeconds: 0}", Map.of()));
        assertEquals("cleanup.rules must be a list of cleanup rules", error("cleanup: {rules: {a: 1}}", Map.of()));
    }

    @Test
    void webhookDefaultRetry() {
        assertEquals(new RetryConfig(5, "fixed", null, null, 2000),
                resolve("webhook: {defaultRetry: {retries: 5, backoff: fixed, timeoutMs: 2000}}", Map.of())
                        .webhookDefaultRetry());
        assertEquals("webhook.defaultRetry must be a mapping of retry settings",
                error("webhook: {defaultRetry: 3}", Map.of()));
    }

    @Test
    void postgresMaxConnections() {
        assertEquals(25, resolve("", Map.of("TASKCAST_POSTGRES_MAX_CONNECTIONS", "25")).postgresMaxConnections());
        for (String bad : List.of("0", "ten", "-3", "010", "1.0")) {
            assertEquals("TASKCAST_POSTGRES_MAX_CONNECTIONS must be a positive integer",
                    error("", Map.of("TASKCAST_POSTGRES_MAX_CONNECTIONS", bad)), bad);
        }
    }

    @Test
    void autoMigrateTruthiness() {
        for (String yes : List.of("1", "true", "YES", " on ", "True")) {
            assertTrue(resolve("", Map.of("TASKCAST_AUTO_MIGRATE", yes)).autoMigrate(), yes);
        }
        for (String no : List.of("0", "false", "no", "off", "", "y")) {
            assertFalse(resolve("", Map.of("TASKCAST_AUTO_MIGRATE", no)).autoMigrate(), no);
        }
    }

    @Test
    void maxBodyBytes() {
        assertEquals(20_000_000, resolve("limits: {maxBodyBytes: 20000000}", Map.of()).maxBodyBytes());
        assertEquals("limits.maxBodyBytes must be an integer of at least 10485760 (10 MiB)",
                error("limits: {maxBodyBytes: 1024}", Map.of()));
    }

    @Test
    void webConsoleIsOnUnlessDisabled() {
        assertTrue(ServerConfig.defaults().uiEnabled());
        assertTrue(resolve("ui: {enabled: true}", Map.of()).uiEnabled());
        assertFalse(resolve("ui: {enabled: false}", Map.of()).uiEnabled());
        assertFalse(resolve("ui: {enabled: \"${UI}\"}", Map.of("UI", "false")).uiEnabled());
        assertTrue(resolve("ui: {}", Map.of()).uiEnabled());
        assertEquals("ui.enabled must be true or false", error("ui: {enabled: maybe}", Map.of()));
    }

    @Test
    void verboseAndConfigFileAreRecorded() {
        ServerConfig c = resolve("port: 1", Map.of(), new CommandLineOverrides(null, null, null, null, null, null, true));
        assertTrue(c.verbose());
        assertEquals(CONFIG, c.configFile());
    }

    @Test
    void outOfScopeKeysAreAcceptedAndIgnored() {
        ServerConfig c = resolve("""
                sentry: {dsn: x}
                workers: {enabled: true, defaults: {a: 1}}
                adminApi: true
                adminToken: t
                trustedServices: [{name: a, key: k, scope: ['*']}]
                storageLifecycle: {rehydrateReplayEvents: true, storageLockTtlSeconds: 3}
                somethingElse: 1
                """, Map.of());
        assertEquals(ServerConfig.defaults().toBuilder().configFile(CONFIG).build(), c);
    }
}

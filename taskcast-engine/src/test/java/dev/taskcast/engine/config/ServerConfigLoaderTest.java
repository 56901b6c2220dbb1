package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path work;
    final List<String> warnings = new ArrayList<>();

    private ServerConfig load(CommandLineOverrides cli, Map<String, String> env) {
        return ServerConfigLoader.load(cli, ConfigEnvironment.of(work, work.resolve("home"), env), warnings::add);
    }

    private static CommandLineOverrides config(String path) {
        return new CommandLineOverrides(path, null, null, null, null, null, false);
    }

    @Test
    void noFileGivesDefaults() {
        assertEquals(ServerConfig.defaults(), load(CommandLineOverrides.NONE, Map.of()));
    }

    @Test
    void discoveredYamlFileIsUsedAndRecorded() throws IOException {
        Path file = Files.writeString(work.resolve("taskcast.config.yaml"), """
                port: ${PORT}
                auth:
                  mode: jwt
                  jwt: {algorithm: HS256, secret: "${JWT_SECRET}"}
                adapters:
                  broadcast:      { provider: redis, url: "${REDIS_URL}" }
                  shortTermStore: { provider: redis, url: "${REDIS_URL}" }
                  longTermStore:  { provider: postgres, url: "${DATABASE_URL}" }
                """);
        ServerConfig c = load(CommandLineOverrides.NONE, Map.of("PORT", "8080", "JWT_SECRET", "s",
                "REDIS_URL", "redis://:pw@127.0.0.1:6379", "DATABASE_URL", "postgres://127.0.0.1/test"));
        assertEquals(file, c.configFile());
        assertEquals(8080, c.port());
        assertEquals("s", c.auth().jwt().secret());
        assertEquals("redis @ redis://127.0.0.1:6379", c.adapters().describeShortTerm());
        assertEquals("postgres://127.0.0.1/test", c.adapters().longTerm().url());
    }

    @Test
    void explicitJsonFile() throws IOException {
        Path file = Files.writeString(work.resolve("c.json"), "{\"port\": 4100, \"sse\": {\"keepaliveMs\": 0}}");
        ServerConfig c = load(config("c.json"), Map.of("TASKCAST_PORT", ""));
        assertEquals(file, c.configFile());
        assertEquals(4100, c.port());
        assertEquals(0, c.sseKeepaliveMs());
    }

    @Test
    void missingExplicitFileRunsWithDefaults() {
        ServerConfig c = load(config("nope.yaml"), Map.of());
        assertNull(c.configFile());
        assertEquals(ServerConfig.defaults(), c);
        assertEquals(1, warnings.size());
    }

    @Test
    void parseErrorStopsStartup() throws IOException {
        Files.writeString(work.resolve("taskcast.config.yaml"), "port: 1\nport: 2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(CommandLineOverrides.NONE, Map.of()));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
    }

    @Test
    void globalConfigDir() throws IOException {
        Path dir = Files.createDirectories(work.resolve("cfg"));
        Path file = Files.writeString(dir.resolve("taskcast.config.yml"), "port: 4200\n");
        ServerConfig c = load(CommandLineOverrides.NONE, Map.of("TASKCAST_CONFIG_DIR", dir.toString()));
        assertEquals(file, c.configFile());
        assertEquals(4200, c.port());
    }

    @Test
    void builderRoundTrip() {
        ServerConfig c = ServerConfig.builder().port(0).verbose(true).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(0, c.port());
        assertEquals(ServerConfig.defaults().host(), c.host());
    }
}

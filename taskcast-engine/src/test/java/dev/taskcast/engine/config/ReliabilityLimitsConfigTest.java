package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of docs/reliability.md: sse.queueCapacity, sse.writeTimeoutMs, limits.longTermQueue, limits.bodyIdleTimeoutMs. */
class ReliabilityLimitsConfigTest {
    private static final Path CONFIG = Path.of("/etc/taskcast/taskcast.config.yaml");

    private static ServerConfig resolve(String yaml) {
        ObjectNode file = ConfigFileParser.parseYaml(yaml, Map.of(), CONFIG);
        return ServerConfigResolver.resolve(file, yaml.isEmpty() ? null : CONFIG, CommandLineOverrides.NONE,
                ConfigEnvironment.of(Path.of("/srv/work"), Path.of("/home/u"), Map.of()), w -> { });
    }

    @Test
    void defaults() {
        ServerConfig d = resolve("");
        assertEquals(4096, d.sseQueueCapacity());
        assertEquals(30_000, d.sseWriteTimeoutMs());
        assertEquals(100_000, d.longTermQueueCapacity());
        assertEquals(10L * 1024 * 1024, d.maxBodyBytes());
        assertEquals(30_000, d.bodyIdleTimeoutMs());
    }

    @Test
    void configured() {
        ServerConfig c = resolve("sse: {queueCapacity: 256, writeTimeoutMs: 0}\nlimits: {longTermQueue: 5000, bodyIdleTimeoutMs: 1500}");
        assertEquals(256, c.sseQueueCapacity());
        assertEquals(0, c.sseWriteTimeoutMs(), "0 disables the write timeout");
        assertEquals(5000, c.longTermQueueCapacity());
        assertEquals(1500, c.bodyIdleTimeoutMs());
    }

    @Test
    void invalidValuesAreRefused() {
        assertThrows(ConfigException.class, () -> resolve("sse: {queueCapacity: 0}"));
        assertThrows(ConfigException.class, () -> resolve("sse: {writeTimeoutMs: -1}"));
        assertThrows(ConfigException.class, () -> resolve("limits: {longTermQueue: many}"));
        assertThrows(ConfigException.class, () -> resolve("limits: {bodyIdleTimeoutMs: 0}"));
    }
}

package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code metrics.enabled}, {@code metrics.port}, {@code logFormat} / {@code --log-format}, {@code accessLog}. */
class ObservabilityConfigTest {
    private static final Path CONFIG = Path.of("/etc/taskcast/taskcast.config.yaml");

    private static ServerConfig resolve(String yaml, Map<String, String> env, CommandLineOverrides cli) {
        ObjectNode file = ConfigFileParser.parseYaml(yaml, env, CONFIG);
        return ServerConfigResolver.resolve(file, CONFIG, cli,
                ConfigEnvironment.of(Path.of("/srv"), Path.of("/home/u"), env), w -> { });
    }

    private static ServerConfig resolve(String yaml) {
        return resolve(yaml, Map.of(), CommandLineOverrides.NONE);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> resolve(yaml)).getMessage();
    }

    private static CommandLineOverrides logFormatFlag(String format) {
        return new CommandLineOverrides(null, null, null, null, null, null, false, format);
    }

    @Test
    @DisplayName("defaults: metrics on the main port, text logs, no access log")
    void defaults() {
        ServerConfig d = resolve("");
        assertTrue(d.metricsEnabled());
        assertNull(d.metricsPort());
        assertEquals(LogFormat.TEXT, d.logFormat());
        assertFalse(d.verbose());
        assertEquals(d, ServerConfig.defaults().toBuilder().configFile(CONFIG).build());
    }

    @Test
    @DisplayName("metrics.enabled and metrics.port are read, also as interpolated strings")
    void metrics() {
        assertFalse(resolve("metrics: {enabled: false}").metricsEnabled());
        assertTrue(resolve("metrics: {enabled: true}").metricsEnabled());
        assertFalse(resolve("metrics:\n  enabled: \"${OFF}\"", Map.of("OFF", "false"), CommandLineOverrides.NONE)
                .metricsEnabled());
        assertEquals(9464, resolve("metrics: {port: 9464}").metricsPort());
        assertEquals(0, resolve("metrics: {port: \"0\"}").metricsPort());
        assertEquals("metrics.enabled must be true or false", error("metrics: {enabled: maybe}"));
        assertEquals("invalid metrics.port 70000; expected an integer between 0 and 65535",
                error("metrics: {port: 70000}"));
        assertEquals("metrics.port must be an integer between 0 and 65535", error("metrics: {port: [1]}"));
    }

    @Test
    @DisplayName("log format: --log-format > TASKCAST_LOG_FORMAT > logFormat > text; anything else stops startup")
    void logFormat() {
        assertEquals(LogFormat.JSON, resolve("logFormat: json").logFormat());
        assertEquals(LogFormat.JSON, resolve("logFormat: \" JSON \"").logFormat());
        assertEquals(LogFormat.TEXT, resolve("logFormat: json", Map.of("TASKCAST_LOG_FORMAT", "text"),
                CommandLineOverrides.NONE).logFormat());
        assertEquals(LogFormat.JSON, resolve("logFormat: text", Map.of("TASKCAST_LOG_FORMAT", "text"),
                logFormatFlag("json")).logFormat());
        assertEquals("invalid logFormat \"xml\"; expected text or json", error("logFormat: xml"));
        assertEquals("invalid --log-format \"yaml\"; expected text or json",
                assertThrows(ConfigException.class, () -> resolve("", Map.of(), logFormatFlag("yaml"))).getMessage());
    }

    @Test
    @DisplayName("accessLog: true in the file, or -v on the command line, turns the access log on")
    void accessLog() {
        assertTrue(resolve("accessLog: true").verbose());
        assertFalse(resolve("accessLog: false").verbose());
        assertTrue(resolve("accessLog: false", Map.of(), new CommandLineOverrides(null, null, null, null, null, null,
                true)).verbose());
        assertEquals("accessLog must be true or false", error("accessLog: 3"));
    }
}

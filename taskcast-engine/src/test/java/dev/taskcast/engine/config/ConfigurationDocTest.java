package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} and the configuration resolver in step. The page's key table
 * and its reference YAML are parsed; the YAML is resolved through a tree that records every key
 * the resolver looks up. Every documented key must be looked up, and every key looked up must be
 * documented, so adding a key without documenting it (or documenting one that does not exist)
 * fails here.
 */
class ConfigurationDocTest {
    private static final Pattern TABLE_KEY = Pattern.compile("^\\| `([A-Za-z][A-Za-z0-9.]*)` \\|");

    static Path doc() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs/configuration.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
    }

    /** The lines of the section that starts with the heading {@code heading}, up to the next heading of that level. */
    static List<String> section(List<String> lines, String heading) {
        int level = heading.indexOf(' ');
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.equals(heading)) {
                in = true;
                continue;
            }
            if (in && line.startsWith("#") && line.indexOf(' ') <= level && line.startsWith("#".repeat(level) + " ")) {
                break;
            }
            if (in) {
                out.add(line);
            }
        }
        assertFalse(out.isEmpty(), "section " + heading + " not found");
        return out;
    }

    static Set<String> tableKeys(List<String> section) {
        Set<String> keys = new TreeSet<>();
        for (String line : section) {
            Matcher m = TABLE_KEY.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    static String referenceYaml(List<String> lines) {
        List<String> section = section(lines, "## Reference configuration");
        StringBuilder yaml = new StringBuilder();
        boolean in = false;
        for (String line : section) {
            if (line.equals("```yaml")) {
                in = true;
            } else if (in && line.equals("```")) {
                return yaml.toString();
            } else if (in) {
                yaml.append(line).append('\n');
            }
        }
        throw new AssertionError("no yaml block in the reference section");
    }

    /** An object node that records the dotted path of every key looked up in it or below it. */
    static final class Recording extends ObjectNode {
        private final String path;
        private final Set<String> reads;

        Recording(ObjectNode source, String path, Set<String> reads) {
            super(JsonNodeFactory.instance, wrap(source, path, reads));
            this.path = path;
            this.reads = reads;
        }

        private static Map<String, JsonNode> wrap(ObjectNode source, String path, Set<String> reads) {
            Map<String, JsonNode> children = new LinkedHashMap<>();
            source.properties().forEach(e -> children.put(e.getKey(), e.getValue() instanceof ObjectNode o
                    ? new Recording(o, join(path, e.getKey()), reads) : e.getValue()));
            return children;
        }

        private static String join(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        @Override
        public JsonNode get(String name) {
            reads.add(join(path, name));
            return super.get(name);
        }

        @Override
        public JsonNode path(String name) {
            reads.add(join(path, name));
            return super.path(name);
        }
    }

    /** Every leaf (and every block) path of a tree. */
    static void paths(JsonNode node, String path, Set<String> out) {
        if (!path.isEmpty()) {
            out.add(path);
        }
        if (node.isObject()) {
            node.properties().forEach(e -> paths(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        }
    }

    @Test
    @DisplayName("every documented key is read by the resolver, and every key it reads is documented")
    void keyTableMatchesResolver() throws IOException {
        List<String> lines = Files.readAllLines(doc());
        Set<String> documented = tableKeys(section(lines, "## Configuration file keys"));
        assertTrue(documented.size() > 30, documented::toString);

        ObjectNode parsed = ConfigFileParser.parseYaml(referenceYaml(lines), Map.of(), doc());
        Set<String> present = new TreeSet<>();
        paths(parsed, "", present);
        Set<String> undocumentedExample = new TreeSet<>(documented);
        undocumentedExample.removeAll(present);
        assertEquals(Set.of(), undocumentedExample, "keys of the table missing from the reference configuration");

        Set<String> reads = new ConcurrentSkipListSet<>();
        ServerConfig resolved = ServerConfigResolver.resolve(new Recording(parsed, "", reads), doc(),
                CommandLineOverrides.NONE, ConfigEnvironment.of(Path.of("/srv"), Path.of("/home/u"), Map.of()),
                w -> { });
        assertEquals(9464, resolved.metricsPort(), "the reference configuration resolved");

        Set<String> notRead = new TreeSet<>(documented);
        notRead.removeAll(reads);
        assertEquals(Set.of(), notRead, "documented keys the resolver never reads");

        Set<String> undocumented = new TreeSet<>();
        for (String read : reads) {
            boolean known = documented.contains(read)
                    || documented.stream().anyMatch(k -> k.startsWith(read + "."));
            if (!known) {
                undocumented.add(read);
            }
        }
        assertEquals(Set.of(), undocumented, "keys the resolver reads that docs/configuration.md does not list");
    }

    @Test
    @DisplayName("the documented defaults of the resolver's numeric keys are the built-in defaults")
    void documentedDefaults() throws IOException {
        List<String> lines = Files.readAllLines(doc());
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : section(lines, "## Configuration file keys")) {
            Matcher m = TABLE_KEY.matcher(line);
            if (m.find()) {
                String[] cells = line.replace("\\|", "/").split("\\|");
                defaults.put(m.group(1), cells[3].trim().replace("`", ""));
            }
        }
        ServerConfig d = ServerConfig.defaults();
        assertEquals(String.valueOf(d.port()), defaults.get("port"));
        assertEquals(d.host(), defaults.get("host"));
        assertEquals(d.logLevel().wireName(), defaults.get("logLevel"));
        assertEquals(d.logFormat().wireName(), defaults.get("logFormat"));
        assertEquals(String.valueOf(d.verbose()), defaults.get("accessLog"));
        assertEquals(String.valueOf(d.ttlSweepIntervalSeconds()), defaults.get("storageLifecycle.ttlSweepIntervalSeconds"));
        assertEquals(String.valueOf(d.ttlSweepBatchSize()), defaults.get("storageLifecycle.ttlSweepBatchSize"));
        assertEquals(String.valueOf(d.cleanupIntervalSeconds()), defaults.get("cleanup.intervalSeconds"));
        assertEquals(String.valueOf(d.sseKeepaliveMs()), defaults.get("sse.keepaliveMs"));
        assertEquals(String.valueOf(d.sseQueueCapacity()), defaults.get("sse.queueCapacity"));
        assertEquals(String.valueOf(d.sseWriteTimeoutMs()), defaults.get("sse.writeTimeoutMs"));
        assertEquals(String.valueOf(d.maxBodyBytes()), defaults.get("limits.maxBodyBytes"));
        assertEquals(String.valueOf(d.longTermQueueCapacity()), defaults.get("limits.longTermQueue"));
        assertEquals(String.valueOf(d.metricsEnabled()), defaults.get("metrics.enabled"));
        assertEquals(String.valueOf(d.postgresMaxConnections()), "10");
    }
}

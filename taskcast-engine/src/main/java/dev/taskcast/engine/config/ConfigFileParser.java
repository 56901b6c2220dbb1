package dev.taskcast.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one configuration file into a JSON tree with {@code ${ENV}} references expanded
 * (config-cli.md §1.2). {@code .json} files are JSON, everything else is YAML.
 */
public final class ConfigFileParser {

    private static final Pattern LEADING_INTEGER = Pattern.compile("^\\s*([+-]?\\d+)");

    private ConfigFileParser() {
    }

    public static ObjectNode parse(Path file, Map<String, String> variables) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return json ? parseJson(text, variables, file) : parseYaml(text, variables, file);
    }

    static ObjectNode parseYaml(String text, Map<String, String> variables, Path file) {
        Object document;
        try {
            // First pass on the raw text, so that a reference can inject YAML and an unquoted
            // ${PORT} becomes a number.
            document = CoreSchemaYaml.load(ConfigInterpolation.interpolate(text, variables));
        } catch (YAMLException e) {
            throw new ConfigException("Failed to parse config file " + file + ": " + e.getMessage(), e);
        }
        if (document == null) {
            return TaskcastJson.object();
        }
        JsonNode tree;
        try {
            tree = TaskcastJson.mapper().valueToTree(document);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Failed to parse config file " + file + ": " + e.getMessage(), e);
        }
        ObjectNode root = requireObject(tree, file);
        // Second pass on the parsed strings: a variable whose value itself holds ${...}.
        ConfigInterpolation.interpolateStrings(root, variables);
        normalizePort(root);
        return root;
    }

    static ObjectNode parseJson(String text, Map<String, String> variables, Path file) {
        JsonNode tree;
        try {
            tree = TaskcastJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Failed to parse config file " + file + ": " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ConfigException("Failed to parse config file " + file + ": the file is empty");
        }
        ObjectNode root = requireObject(tree, file);
        ConfigInterpolation.interpolateStrings(root, variables);
        normalizePort(root);
        return root;
    }

    private static ObjectNode requireObject(JsonNode tree, Path file) {
        if (tree instanceof ObjectNode object) {
            return object;
        }
        throw new ConfigException("Failed to parse config file " + file
                + ": the top level must be a mapping of keys to values, not " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    /** A string {@code port} becomes its leading integer ("80x" → 80) or is dropped when it has none. */
    private static void normalizePort(ObjectNode root) {
        JsonNode port = root.get("port");
        if (port == null || !port.isTextual()) {
            return;
        }
        Matcher m = LEADING_INTEGER.matcher(port.textValue());
        if (m.find()) {
            root.put("port", new BigInteger(m.group(1))); // range is checked where the port is used
        } else {
            root.remove("port");
        }
    }
}

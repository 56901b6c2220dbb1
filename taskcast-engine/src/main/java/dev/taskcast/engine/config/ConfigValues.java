package dev.taskcast.engine.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed reads of single configuration values, from the file tree or an environment variable,
 * each failing with the message the operator sees.
 */
final class ConfigValues {

    /** config-cli.md §2: {@code ^[1-9][0-9]*$}. */
    private static final Pattern POSITIVE_INTEGER = Pattern.compile("[1-9][0-9]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ConfigValues() {
    }

    /** An object node as plain maps, lists and scalars, the form plugin factories receive. */
    static Map<String, Object> toMap(JsonNode object) {
        return TaskcastJson.mapper().convertValue(object, MAP);
    }

    /** The node at a dotted path ({@code "storageLifecycle.ttlSweepBatchSize"}), or {@code null} when absent or null. */
    static JsonNode at(JsonNode root, String dottedPath) {
        JsonNode node = root;
        for (String key : dottedPath.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(key);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** A scalar as text ({@code secret: 12345} is the string "12345"), {@code null} when absent or empty. */
    static String text(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new ConfigException(name + " must be a string");
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    /** A child of an object node as text; {@code null} when the parent or the value is absent. */
    static String text(JsonNode parent, String key, String name) {
        return parent == null ? null : text(parent.get(key), name);
    }

    static Integer positiveInteger(JsonNode node, String name) {
        Long value = integer(node, name + " must be a positive integer");
        if (value == null) {
            return null;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new ConfigException(name + " must be a positive integer");
        }
        return value.intValue();
    }

    static Long nonNegativeInteger(JsonNode node, String name) {
        Long value = integer(node, name + " must be a non-negative integer");
        if (value != null && value < 0) {
            throw new ConfigException(name + " must be a non-negative integer");
        }
        return value;
    }

    /**
     * An integral number, or a string of one (YAML written as {@code "5"}); {@code null} when absent.
     * {@code 5.0} counts as 5 because the original reads numbers as JavaScript numbers.
     */
    static Long integer(JsonNode node, String error) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 0x1p53) {
            return (long) node.doubleValue();
        }
        if (node.isTextual() && DIGITS.matcher(node.textValue().trim()).matches()) {
            try {
                return Long.parseLong(node.textValue().trim());
            } catch (NumberFormatException tooLarge) {
                throw new ConfigException(error);
            }
        }
        throw new ConfigException(error);
    }

    /**
     * A boolean, or a string {@code true}/{@code false} (what {@code ${VAR}} interpolation produces
     * inside quotes); {@code null} when absent.
     */
    static Boolean bool(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            switch (node.textValue().trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        throw new ConfigException(name + " must be true or false");
    }

    /** An environment variable holding a positive integer, or {@code null} when unset or empty. */
    static Integer positiveIntegerVariable(ConfigEnvironment env, String name) {
        String value = env.get(name);
        if (value == null) {
            return null;
        }
        if (!POSITIVE_INTEGER.matcher(value).matches()) {
            throw new ConfigException(name + " must be a positive integer");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException tooLarge) {
            throw new ConfigException(name + " must be a positive integer");
        }
    }

    /** config-cli.md §2 {@code TASKCAST_AUTO_MIGRATE}: 1, true, yes, on (case-insensitive, trimmed). */
    static boolean truthy(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }
}

package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} substitution (config-cli.md §1.2): no default syntax and no escape, an unset
 * variable leaves the reference as written, a variable set to "" substitutes "".
 */
final class ConfigInterpolation {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private ConfigInterpolation() {
    }

    static String interpolate(String text, Map<String, String> variables) {
        return REFERENCE.matcher(text).replaceAll(match -> {
            String value = variables.get(match.group(1));
            return Matcher.quoteReplacement(value != null ? value : match.group());
        });
    }

    /** Interpolates every string value of the tree in place; keys and non-string scalars are left alone. */
    static void interpolateStrings(JsonNode node, Map<String, String> variables) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(interpolate(field.getValue().textValue(), variables)));
                } else {
                    interpolateStrings(field.getValue(), variables);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(interpolate(array.get(i).textValue(), variables)));
                } else {
                    interpolateStrings(array.get(i), variables);
                }
            }
        }
    }
}

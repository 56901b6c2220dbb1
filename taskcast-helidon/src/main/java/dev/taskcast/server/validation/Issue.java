package dev.taskcast.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One validation problem, rendered exactly like the zod issue the original reports
 * (http-api.md §3.2): {@code code}, code-specific fields, {@code path}, {@code message}.
 */
public sealed interface Issue {

    String code();

    JsonPath path();

    String message();

    /** Adds the fields this issue code has besides code, path and message. */
    void putDetails(ObjectNode json);

    default ObjectNode toJson() {
        ObjectNode json = TaskcastJson.object();
        json.put("code", code());
        putDetails(json);
        json.set("path", path().toJson());
        json.put("message", message());
        return json;
    }

    /** zod's serialized {@code ZodError}: {@code {"issues":[...],"name":"ZodError"}}. */
    static ObjectNode zodError(List<Issue> issues) {
        ObjectNode json = TaskcastJson.object();
        ArrayNode array = json.putArray("issues");
        issues.forEach(issue -> array.add(issue.toJson()));
        json.put("name", "ZodError");
        return json;
    }

    /** zod's name for the type of a JSON value; {@code undefined} for an absent one. */
    static String typeName(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "undefined";
        }
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    /**
     * zod's rendering of enum options in messages: {@code 'a' | 'b'}. Remembered per list: the
     * lists are the schemas' constants and every validated field asks (3 % of a publish's CPU).
     */
    static String quotedOptions(List<String> options) {
        return QuotedOptions.CACHE.computeIfAbsent(options,
                o -> o.stream().map(option -> "'" + option + "'").collect(Collectors.joining(" | ")));
    }

    /** Holder of the {@link #quotedOptions} cache (an interface has no private fields). */
    final class QuotedOptions {
        private static final Map<List<String>, String> CACHE = new ConcurrentHashMap<>();

        private QuotedOptions() {
        }
    }

    /** A value of the wrong JSON type, or a missing required one ({@code received: "undefined"}). */
    record InvalidType(JsonPath path, String expected, String received) implements Issue {
        public static InvalidType of(JsonPath path, String expected, JsonNode actual) {
            return new InvalidType(path, expected, typeName(actual));
        }

        /** zod's {@code int()} check on a number with a fractional part. */
        public static InvalidType notInteger(JsonPath path) {
            return new InvalidType(path, "integer", "float");
        }

        @Override
        public String code() {
            return "invalid_type";
        }

        @Override
        public String message() {
            return received.equals("undefined") ? "Required" : "Expected " + expected + ", received " + received;
        }

        @Override
        public void putDetails(ObjectNode json) {
            json.put("expected", expected).put("received", received);
        }
    }

    /** A number below its lower bound. */
    record TooSmall(JsonPath path, long minimum, boolean inclusive) implements Issue {
        @Override
        public String code() {
            return "too_small";
        }

        @Override
        public String message() {
            return "Number must be greater than " + (inclusive ? "or equal to " : "") + minimum;
        }

        @Override
        public void putDetails(ObjectNode json) {
            json.put("minimum", minimum).put("type", "number").put("inclusive", inclusive).put("exact", false);
        }
    }

    /** A number above its upper bound. */
    record TooBig(JsonPath path, long maximum, boolean inclusive) implements Issue {
        @Override
        public String code() {
            return "too_big";
        }

        @Override
        public String message() {
            return "Number must be less than " + (inclusive ? "or equal to " : "") + maximum;
        }

        @Override
        public void putDetails(ObjectNode json) {
            json.put("maximum", maximum).put("type", "number").put("inclusive", inclusive).put("exact", false);
        }
    }

    /** A string that is not one of an enum's options. */
    record InvalidEnumValue(JsonPath path, String received, List<String> options) implements Issue {
        public InvalidEnumValue {
            options = List.copyOf(options);
        }

        @Override
        public String code() {
            return "invalid_enum_value";
        }

        @Override
        public String message() {
            return "Invalid enum value. Expected " + quotedOptions(options) + ", received '" + received + "'";
        }

        @Override
        public void putDetails(ObjectNode json) {
            json.put("received", received);
            ArrayNode array = json.putArray("options");
            options.forEach(array::add);
        }
    }

    /** A string that fails a format check; {@code validation} names the format, e.g. {@code url}. */
    record InvalidString(JsonPath path, String validation) implements Issue {
        @Override
        public String code() {
            return "invalid_string";
        }

        @Override
        public String message() {
            return "Invalid " + validation;
        }

        @Override
        public void putDetails(ObjectNode json) {
            json.put("validation", validation);
        }
    }

    /** A value matching none of a union's alternatives; one issue list per alternative, in order. */
    record InvalidUnion(JsonPath path, List<List<Issue>> unionErrors) implements Issue {
        public InvalidUnion {
            unionErrors = unionErrors.stream().map(List::copyOf).toList();
        }

        @Override
        public String code() {
            return "invalid_union";
        }

        @Override
        public String message() {
            return "Invalid input";
        }

        @Override
        public void putDetails(ObjectNode json) {
            ArrayNode array = json.putArray("unionErrors");
            unionErrors.forEach(issues -> array.add(zodError(issues)));
        }
    }
}

package dev.taskcast.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.server.validation.Issue.InvalidEnumValue;
import dev.taskcast.server.validation.Issue.InvalidType;
import dev.taskcast.server.validation.Issue.TooBig;
import dev.taskcast.server.validation.Issue.TooSmall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the declared fields of one JSON object the way a zod object schema checks them. Each
 * reader validates one field, appends its issues to the shared list and returns the value, or
 * {@code null} when the field is absent or invalid; calling the readers in schema declaration
 * order yields zod's issue order. Undeclared keys are never looked at (zod strips them).
 */
final class ObjectFields {
    private final ObjectNode object;
    private final JsonPath path;
    private final List<Issue> issues;

    private ObjectFields(ObjectNode object, JsonPath path, List<Issue> issues) {
        this.object = object;
        this.path = path;
        this.issues = issues;
    }

    /** A reader for {@code value}, or {@code null} with an issue when it is not an object. */
    static ObjectFields of(JsonNode value, JsonPath path, List<Issue> issues) {
        if (value != null && value.isObject()) {
            return new ObjectFields((ObjectNode) value, path, issues);
        }
        issues.add(InvalidType.of(path, "object", value));
        return null;
    }

    ObjectNode node() {
        return object;
    }

    JsonPath path() {
        return path;
    }

    /** Records an issue found by a check this class does not offer. */
    void report(Issue issue) {
        issues.add(issue);
    }

    /** Any JSON value ({@code z.unknown()}); {@code null} only when the key is absent. */
    JsonNode any(String key) {
        return object.get(key);
    }

    String string(String key, Presence presence) {
        JsonNode value = object.get(key);
        if (isAbsent(value, key, "string", presence)) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        issues.add(InvalidType.of(path.key(key), "string", value));
        return null;
    }

    Boolean bool(String key) {
        JsonNode value = object.get(key);
        if (isAbsent(value, key, "boolean", Presence.OPTIONAL)) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        issues.add(InvalidType.of(path.key(key), "boolean", value));
        return null;
    }

    /** A string from a fixed list ({@code z.enum}), converted by {@code fromWire}. */
    <T> T oneOf(String key, List<String> options, Function<String, T> fromWire, Presence presence) {
        JsonNode value = object.get(key);
        String expected = Issue.quotedOptions(options);
        if (isAbsent(value, key, expected, presence)) {
            return null;
        }
        if (!value.isTextual()) {
            issues.add(InvalidType.of(path.key(key), expected, value));
            return null;
        }
        if (!options.contains(value.textValue())) {
            issues.add(new InvalidEnumValue(path.key(key), value.textValue(), options));
            return null;
        }
        return fromWire.apply(value.textValue());
    }

    /**
     * An optional integer within {@code range}. JavaScript holds every JSON number as a double, so
     * the checks run on the double: {@code 1.0} is the integer 1, {@code 1e400} is a non-integer
     * infinity. Like zod, every failed check is reported, not only the first.
     */
    Long integer(String key, IntRange range) {
        JsonNode value = object.get(key);
        if (isAbsent(value, key, "number", Presence.OPTIONAL)) {
            return null;
        }
        JsonPath at = path.key(key);
        if (!value.isNumber()) {
            issues.add(InvalidType.of(at, "number", value));
            return null;
        }
        double number = value.doubleValue();
        int issuesBefore = issues.size();
        if (!Double.isFinite(number) || number != Math.rint(number)) {
            issues.add(InvalidType.notInteger(at));
        }
        if (range.minimumInclusive() ? number < range.minimum() : number <= range.minimum()) {
            issues.add(new TooSmall(at, range.minimum(), range.minimumInclusive()));
        }
        if (number > range.maximum()) {
            issues.add(new TooBig(at, range.maximum(), true));
        }
        return issues.size() == issuesBefore ? (long) number : null;
    }

    /** An optional JSON object of any content ({@code z.record(z.unknown())}), returned as given. */
    JsonNode record(String key) {
        ObjectFields fields = object(key, Presence.OPTIONAL);
        return fields == null ? null : fields.object;
    }

    /** A nested object, to be read field by field. */
    ObjectFields object(String key, Presence presence) {
        JsonNode value = object.get(key);
        if (isAbsent(value, key, "object", presence)) {
            return null;
        }
        return of(value, path.key(key), issues);
    }

    /** An array whose elements are not validated ({@code z.array(z.unknown())}). */
    ArrayNode array(String key, Presence presence) {
        JsonNode value = object.get(key);
        if (isAbsent(value, key, "array", presence)) {
            return null;
        }
        if (value.isArray()) {
            return (ArrayNode) value;
        }
        issues.add(InvalidType.of(path.key(key), "array", value));
        return null;
    }

    /** An array of strings; every non-string element is reported. */
    List<String> strings(String key, Presence presence) {
        ArrayNode array = array(key, presence);
        if (array == null) {
            return null;
        }
        List<String> strings = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (element.isTextual()) {
                strings.add(element.textValue());
            } else {
                issues.add(InvalidType.of(path.key(key).index(i), "string", element));
            }
        }
        return strings.size() == array.size() ? List.copyOf(strings) : null;
    }

    /** An array of objects, one reader per element; every non-object element is reported. */
    List<ObjectFields> objects(String key, Presence presence) {
        ArrayNode array = array(key, presence);
        if (array == null) {
            return null;
        }
        List<ObjectFields> elements = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            ObjectFields element = of(array.get(i), path.key(key).index(i), issues);
            if (element != null) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** Whether the key is missing; a missing required key is reported as zod's "Required". */
    private boolean isAbsent(JsonNode value, String key, String expected, Presence presence) {
        if (value != null) {
            return false;
        }
        if (presence == Presence.REQUIRED) {
            issues.add(InvalidType.of(path.key(key), expected, null));
        }
        return true;
    }
}

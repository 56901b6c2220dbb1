package dev.taskcast.server.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.taskcast.api.TaskcastJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an issue was found, as zod reports it: object keys ({@link String}) and array positions
 * ({@link Integer}) from the body root; the root itself is the empty path.
 */
public record JsonPath(List<Object> segments) {
    public static final JsonPath ROOT = new JsonPath(List.of());

    public JsonPath {
        for (Object segment : segments) {
            if (!(segment instanceof String) && !(segment instanceof Integer)) {
                throw new IllegalArgumentException("path segment must be a String or Integer: " + segment);
            }
        }
        segments = List.copyOf(segments);
    }

    public JsonPath key(String key) {
        return append(key);
    }

    public JsonPath index(int index) {
        return append(index);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The first segment as the key of zod's flattened {@code fieldErrors}; not for the root. */
    public String firstSegment() {
        return segments.getFirst().toString();
    }

    public ArrayNode toJson() {
        ArrayNode json = TaskcastJson.mapper().createArrayNode();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                json.add(index);
            } else {
                json.add((String) segment);
            }
        }
        return json;
    }

    private JsonPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new JsonPath(longer);
    }
}

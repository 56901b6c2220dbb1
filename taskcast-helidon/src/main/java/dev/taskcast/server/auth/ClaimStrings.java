package dev.taskcast.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads string lists out of claim arrays, the shape shared by {@code taskIds} and {@code scope}. */
final class ClaimStrings {

    private ClaimStrings() {
    }

    /** The string elements of a JSON array, in order; non-string elements are skipped, never coerced. */
    static List<String> elements(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (element.isTextual()) {
                out.add(element.textValue());
            }
        }
        return out;
    }
}

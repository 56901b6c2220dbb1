package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subscriber (SSE stream or webhook) wants to receive (model.md §9.1). A {@code null} list
 * means "no filter"; an empty list matches nothing. {@code levels} are wire names: unknown names
 * simply never match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscribeFilter(
        List<String> types,
        List<String> levels,
        Boolean includeStatus,
        SinceCursor since,
        Boolean wrap,
        String seriesFormat) {

    public static final SubscribeFilter ALL = new SubscribeFilter(null, null, null, null, null, null);

    public SubscribeFilter {
        types = types == null ? null : List.copyOf(types);
        levels = levels == null ? null : List.copyOf(levels);
    }

    public boolean includesStatus() {
        return !Boolean.FALSE.equals(includeStatus);
    }

    public boolean wraps() {
        return !Boolean.FALSE.equals(wrap);
    }

    public boolean accumulated() {
        return "accumulated".equals(seriesFormat);
    }

    /** Lenient read of a stored filter object (webhook configs are stored as given). */
    public static SubscribeFilter from(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new SubscribeFilter(strings(node.get("types")), strings(node.get("levels")),
                bool(node.get("includeStatus")), null, bool(node.get("wrap")),
                node.path("seriesFormat").isTextual() ? node.get("seriesFormat").textValue() : null);
    }

    static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> {
            if (n.isTextual()) {
                out.add(n.textValue());
            }
        });
        return out;
    }

    static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }
}

package dev.taskcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed view of a cleanup rule (webhooks-hooks-cleanup.md §3.1). Rules are stored as given; this
 * view reads them leniently (a field of the wrong type counts as absent).
 */
public record CleanupRule(
        String name,
        List<String> taskTypes,
        List<String> statuses,
        Long afterMs,
        Target target,
        EventFilter eventFilter) {

    public enum Target { EVENTS, TASK, ALL }

    /** Which events a rule with target {@code events} or {@code all} deletes; absent means all. */
    public record EventFilter(List<String> types, List<String> levels, Long olderThanMs, List<String> seriesModes) {
    }

    public static List<CleanupRule> listFrom(JsonNode rules) {
        List<CleanupRule> out = new ArrayList<>();
        if (rules != null && rules.isArray()) {
            for (JsonNode r : rules) {
                if (r.isObject()) {
                    out.add(from(r));
                }
            }
        }
        return out;
    }

    public static CleanupRule from(JsonNode r) {
        JsonNode match = r.path("match");
        JsonNode filter = r.get("eventFilter");
        EventFilter ef = filter != null && filter.isObject()
                ? new EventFilter(SubscribeFilter.strings(filter.get("types")),
                        SubscribeFilter.strings(filter.get("levels")), number(filter.get("olderThanMs")),
                        SubscribeFilter.strings(filter.get("seriesMode")))
                : null;
        Target target = switch (r.path("target").asText("")) {
            case "task" -> Target.TASK;
            case "all" -> Target.ALL;
            case "events" -> Target.EVENTS;
            default -> null;
        };
        return new CleanupRule(r.path("name").isTextual() ? r.get("name").textValue() : null,
                SubscribeFilter.strings(match.get("taskTypes")), SubscribeFilter.strings(match.get("status")),
                number(r.path("trigger").get("afterMs")), target, ef);
    }

    private static Long number(JsonNode n) {
        return n != null && n.isNumber() ? n.longValue() : null;
    }
}

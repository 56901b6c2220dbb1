package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.Presence.OPTIONAL;
import static dev.taskcast.server.validation.Presence.REQUIRED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.Level;
import dev.taskcast.api.SeriesMode;
import dev.taskcast.engine.task.NewEvent;
import dev.taskcast.server.validation.Issue.InvalidType;
import dev.taskcast.server.validation.Issue.InvalidUnion;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /tasks/{taskId}/events} (http-api.md §6.1): zod's
 * {@code union([event, array(event)])}. As in zod, the alternatives are tried in order and, when
 * both fail, the single issue {@code invalid_union} carries each alternative's issues.
 */
public final class PublishEventSchema {
    private PublishEventSchema() {
    }

    /**
     * Validates a publish body; nothing is returned unless every element is valid.
     *
     * @throws ValidationException with one {@code invalid_union} issue at the root
     */
    public static EventBatch validate(JsonNode body) {
        List<Issue> singleIssues = new ArrayList<>();
        NewEvent event = event(ObjectFields.of(body, JsonPath.ROOT, singleIssues));
        if (singleIssues.isEmpty()) {
            return new EventBatch(false, List.of(event));
        }
        List<Issue> arrayIssues = new ArrayList<>();
        List<NewEvent> events = events(body, arrayIssues);
        if (arrayIssues.isEmpty()) {
            return new EventBatch(true, events);
        }
        throw new ValidationException(ValidationException.Source.BODY,
                List.of(new InvalidUnion(JsonPath.ROOT, List.of(singleIssues, arrayIssues))));
    }

    /** The "array of events" alternative; element issues have paths starting with the position. */
    private static List<NewEvent> events(JsonNode body, List<Issue> issues) {
        if (!body.isArray()) {
            issues.add(InvalidType.of(JsonPath.ROOT, "array", body));
            return List.of();
        }
        List<NewEvent> events = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            events.add(event(ObjectFields.of(body.get(i), JsonPath.ROOT.index(i), issues)));
        }
        return events;
    }

    /** One event; {@code null} when invalid (reported). Absent {@code data} stays {@code null}. */
    private static NewEvent event(ObjectFields event) {
        if (event == null) {
            return null;
        }
        String type = event.string("type", REQUIRED);
        Level level = event.oneOf("level", Level.WIRE_NAMES, Level::fromWire, REQUIRED);
        JsonNode data = event.any("data");
        String seriesId = event.string("seriesId", OPTIONAL);
        SeriesMode seriesMode = event.oneOf("seriesMode", SeriesMode.WIRE_NAMES, SeriesMode::fromWire, OPTIONAL);
        String seriesAccField = event.string("seriesAccField", OPTIONAL);
        if (type == null || level == null) {
            return null;
        }
        return new NewEvent(type, level, data, seriesId, seriesMode, seriesAccField);
    }
}

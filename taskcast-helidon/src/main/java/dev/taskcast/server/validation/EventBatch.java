package dev.taskcast.server.validation;

import dev.taskcast.engine.task.NewEvent;
import java.util.List;

/**
 * A validated publish body: the events in request order, and whether they came as a JSON array
 * (then the response is an array too, even for one event) or as a single object.
 */
public record EventBatch(boolean sentAsArray, List<NewEvent> events) {
    public EventBatch {
        events = List.copyOf(events);
    }
}

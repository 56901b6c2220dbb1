package dev.taskcast.engine.filter;

import dev.taskcast.api.TaskEvent;

/** An event together with its position in one subscriber's filtered sequence. */
public record FilteredEvent(TaskEvent event, long filteredIndex) {
}

package dev.taskcast.engine.series;

import dev.taskcast.api.SeriesMode;
import dev.taskcast.api.TaskEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Snapshot collapse of model.md §8.6: each accumulate series appears once, as a snapshot. */
public final class SnapshotCollapse {
    private SnapshotCollapse() {
    }

    /**
     * @param pointers the short-term series pointer of a series id, if any; the snapshot is the
     *                 pointer (which may be newer than anything in {@code events}), else the last
     *                 event of the series in the list
     */
    public static List<TaskEvent> collapse(List<TaskEvent> events, Function<String, Optional<TaskEvent>> pointers) {
        Set<String> series = new LinkedHashSet<>();
        Map<String, TaskEvent> lastInList = new HashMap<>();
        for (TaskEvent e : events) {
            if (isAccumulate(e)) {
                series.add(e.seriesId());
                lastInList.put(e.seriesId(), e);
            }
        }
        if (series.isEmpty()) {
            return events;
        }
        Map<String, TaskEvent> snapshots = new HashMap<>();
        for (String s : series) {
            snapshots.put(s, pointers.apply(s).orElse(lastInList.get(s)).asSnapshot());
        }
        List<TaskEvent> out = new ArrayList<>(events.size());
        Set<String> emitted = new HashSet<>();
        for (TaskEvent e : events) {
            if (!isAccumulate(e)) {
                out.add(e);
            } else if (emitted.add(e.seriesId())) {
                out.add(snapshots.get(e.seriesId()));
            }
        }
        return out;
    }

    private static boolean isAccumulate(TaskEvent e) {
        return e.inSeries() && e.seriesMode() == SeriesMode.ACCUMULATE;
    }

}

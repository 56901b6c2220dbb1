package dev.taskcast.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * model.md §1 and §4.1: an event's {@code timestamp} is the time of emission, and the Java server
 * SHOULD keep it non-decreasing with {@code index} within a task (e.g. {@code max(now, previous)})
 * even when the wall clock steps back.
 */
class EventTimestampTest {
    private final EngineFixture f = EngineFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void timestampIsTheEmissionTime() {
        f.create("t");
        long t1 = f.tick(100);
        f.to("t", TaskStatus.RUNNING);
        TaskEvent status = f.history("t").getFirst();
        long t2 = f.tick(100);
        TaskEvent e = f.publish("t", "a");
        assertEquals(t1, status.timestamp());
        assertEquals(t2, e.timestamp());
    }

    @Test
    void timestampsDoNotDecreaseWithIndexWhenTheClockStepsBack() {
        f.create("t");
        f.tick(1000);
        f.publish("t", "a");
        f.clock.addAndGet(-500); // wall clock adjusted backwards
        f.publish("t", "b");
        f.clock.addAndGet(-500);
        f.to("t", TaskStatus.RUNNING);
        List<TaskEvent> h = f.history("t");
        for (int i = 1; i < h.size(); i++) {
            assertTrue(h.get(i).timestamp() >= h.get(i - 1).timestamp(),
                    "index " + h.get(i).index() + " has timestamp " + h.get(i).timestamp()
                            + " < previous " + h.get(i - 1).timestamp());
        }
    }
}

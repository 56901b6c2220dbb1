package dev.taskcast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written {@link TaskEventSerializer} writes exactly what Jackson's record serializer writes. */
class TaskEventSerializerTest {
    /** TaskcastJson's configuration without the custom serializer. */
    private static final ObjectMapper RECORD_SERIALIZER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .build();

    @Test
    void sameBytesAsTheRecordSerializer() throws Exception {
        List<TaskEvent> events = List.of(
                new TaskEvent("01J", "t", 0, 1, "log", Level.INFO, null, null, null, null, null),
                new TaskEvent("01K", "t/ü\"x", 7, 1_700_000_000_123L, "llm.delta", Level.DEBUG,
                        TaskcastJson.tree("{\"delta\":\"tok\\n\\u2028\",\"n\":[1,2.5,-3e10,null,true],\"o\":{}}"),
                        "s", SeriesMode.ACCUMULATE, "delta", null),
                new TaskEvent("e", "t", 3, 4, "taskcast:status", Level.WARN, NullNode.getInstance(), "p",
                        SeriesMode.LATEST, null, true),
                new TaskEvent("e2", "t", 5, 6, "x", Level.ERROR, TaskcastJson.tree("\"just text\""), "", null, null, null),
                new TaskEvent("e3", "t", Long.MAX_VALUE, -1, "", Level.INFO, TaskcastJson.tree("123456789012345678901234567890"),
                        null, SeriesMode.LATEST, "f", false));
        for (TaskEvent e : events) {
            assertEquals(RECORD_SERIALIZER.writeValueAsString(e), TaskcastJson.write(e));
            assertEquals(RECORD_SERIALIZER.valueToTree(e), TaskcastJson.toTree(e));
        }
        assertEquals(RECORD_SERIALIZER.writeValueAsString(events), TaskcastJson.write(events));
    }
}

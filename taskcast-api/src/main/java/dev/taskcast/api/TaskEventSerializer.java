package dev.taskcast.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.BaseJsonNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * {@link TaskEvent} written field by field: the same bytes as Jackson's record serializer (fields in
 * component order, {@code null} ones left out) without its reflective property machinery. An event
 * is serialized for every publish response, every history entry and every stored or broadcast
 * copy; {@code TaskcastJsonTest} checks the output against the record serializer's.
 */
final class TaskEventSerializer extends StdSerializer<TaskEvent> {
    TaskEventSerializer() {
        super(TaskEvent.class);
    }

    @Override
    public void serialize(TaskEvent e, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject(e);
        g.writeStringField("id", e.id());
        g.writeStringField("taskId", e.taskId());
        g.writeNumberField("index", e.index());
        g.writeNumberField("timestamp", e.timestamp());
        g.writeStringField("type", e.type());
        g.writeStringField("level", e.level().wireName());
        if (e.data() != null) {
            g.writeFieldName("data");
            if (e.data() instanceof BaseJsonNode node) {
                node.serialize(g, provider);
            } else {
                provider.defaultSerializeValue(e.data(), g);
            }
        }
        if (e.seriesId() != null) {
            g.writeStringField("seriesId", e.seriesId());
        }
        if (e.seriesMode() != null) {
            g.writeStringField("seriesMode", e.seriesMode().wireName());
        }
        if (e.seriesAccField() != null) {
            g.writeStringField("seriesAccField", e.seriesAccField());
        }
        if (e.seriesSnapshot() != null) {
            g.writeBooleanField("seriesSnapshot", e.seriesSnapshot());
        }
        g.writeEndObject();
    }
}

package dev.taskcast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON round-trips of every model type: the wire format, absent vs null, integer timestamps. */
class WireJsonTest {

    private static void assertSameJson(String expected, Object value) {
        assertEquals(TaskcastJson.tree(expected), TaskcastJson.tree(TaskcastJson.write(value)));
    }

    @Test
    void eventWithoutDataHasNoDataKeyAndEventWithNullDataKeepsNull() {
        String absent = "{\"id\":\"E1\",\"taskId\":\"t\",\"index\":0,\"timestamp\":1700000000000,\"type\":\"x\",\"level\":\"info\"}";
        TaskEvent e = TaskcastJson.readEvent(absent);
        assertNull(e.data());
        assertFalse(TaskcastJson.write(e).contains("data"));
        assertEquals(TaskcastJson.tree(absent), TaskcastJson.tree(TaskcastJson.write(e)));

        String withNull = "{\"id\":\"E1\",\"taskId\":\"t\",\"index\":0,\"timestamp\":1700000000000,\"type\":\"x\",\"level\":\"info\",\"data\":null}";
        TaskEvent n = TaskcastJson.readEvent(withNull);
        assertEquals(NullNode.getInstance(), n.data());
        assertTrue(TaskcastJson.write(n).contains("\"data\":null"));
    }

    @Test
    void timestampsAreIntegers() {
        TaskEvent e = new TaskEvent("E", "t", 3, 1700000000123L, "x", Level.WARN, null, null, null, null, null);
        String json = TaskcastJson.write(e);
        assertTrue(json.contains("\"timestamp\":1700000000123"), json);
        assertTrue(json.contains("\"index\":3"), json);
    }

    @Test
    void seriesFieldsAndSnapshotRoundTrip() {
        String json = "{\"id\":\"E\",\"taskId\":\"t\",\"index\":2,\"timestamp\":5,\"type\":\"llm.delta\",\"level\":\"debug\","
                + "\"data\":{\"delta\":\"Hi\"},\"seriesId\":\"s\",\"seriesMode\":\"accumulate\",\"seriesAccField\":\"delta\","
                + "\"seriesSnapshot\":true}";
        TaskEvent e = TaskcastJson.readEvent(json);
        assertEquals(SeriesMode.ACCUMULATE, e.seriesMode());
        assertTrue(e.isSnapshot());
        assertSameJson(json, e);
        assertSameJson(json.replace(",\"seriesSnapshot\":true", ""), e.withoutSnapshotFlag());
    }

    @Test
    void taskOmitsAbsentFieldsAndKeepsRawConfigs() {
        String json = "{\"id\":\"t1\",\"status\":\"completed\",\"createdAt\":1700000000000,\"updatedAt\":1700000004200,"
                + "\"completedAt\":1700000004200,\"type\":\"llm.chat\",\"params\":{\"prompt\":\"Hello\"},\"ttl\":3600,"
                + "\"result\":{\"output\":\"Hi\"},\"error\":{\"code\":\"E\",\"message\":\"m\",\"details\":{\"a\":[1]}},"
                + "\"metadata\":{},\"authConfig\":{\"rules\":[]},\"webhooks\":[{\"url\":\"http://x\",\"custom\":1}],"
                + "\"cleanup\":{\"rules\":[{\"target\":\"events\"}]},\"tags\":[\"a\"],\"assignMode\":\"pull\",\"cost\":2,"
                + "\"disconnectPolicy\":\"mark\"}";
        Task t = TaskcastJson.readTask(json);
        assertSameJson(json, t);
        assertEquals("http://x", t.webhookConfigs().getFirst().url());
        assertEquals(CleanupRule.Target.EVENTS, t.cleanupRules().getFirst().target());

        Task minimal = Task.builder("t2", TaskStatus.PENDING, 10).build();
        assertSameJson("{\"id\":\"t2\",\"status\":\"pending\",\"createdAt\":10,\"updatedAt\":10}", minimal);
    }

    @Test
    void filtersCursorsAndPoliciesRoundTrip() {
        SubscribeFilter f = new SubscribeFilter(List.of("llm.*"), List.of("info"), false,
                new SinceCursor("E1", null, null), true, "accumulated");
        assertSameJson("{\"types\":[\"llm.*\"],\"levels\":[\"info\"],\"includeStatus\":false,"
                + "\"since\":{\"id\":\"E1\"},\"wrap\":true,\"seriesFormat\":\"accumulated\"}", f);
        assertEquals(f, TaskcastJson.fromTree(TaskcastJson.toTree(f), SubscribeFilter.class));

        RetryConfig partial = new RetryConfig(5, null, null, null, null);
        assertSameJson("{\"retries\":5}", partial);
        assertEquals(new RetryConfig(5, "exponential", 1000, 30000, 5000), RetryConfig.DEFAULTS.overriddenBy(partial));

        TaskError err = new TaskError(null, "boom", null);
        assertSameJson("{\"message\":\"boom\"}", err);
    }

    @Test
    void broadcastCarriesAccumulatedDataOnlyOnPubSubWire() {
        TaskEvent e = new TaskEvent("E", "t", 1, 2, "d", Level.INFO, TaskcastJson.tree("{\"delta\":\"lo\"}"),
                "s", SeriesMode.ACCUMULATE, null, null);
        JsonNode acc = TaskcastJson.tree("{\"delta\":\"Hello\"}");
        String wire = TaskcastJson.writeBroadcast(new BroadcastMessage(e, acc));
        assertTrue(wire.contains("\"_accumulatedData\":{\"delta\":\"Hello\"}"), wire);
        BroadcastMessage back = TaskcastJson.readBroadcast(wire);
        assertEquals(e, back.event());
        assertEquals(acc, back.accumulatedData());
        assertFalse(TaskcastJson.write(back.event()).contains("_accumulatedData"));
    }
}

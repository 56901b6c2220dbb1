package dev.taskcast.server.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line, for log shippers ({@code --log-format json}):
 * {@code {"timestamp":"<ISO-8601>","level":"info","logger":"…","event":"…","message":"…",…fields}}.
 * {@code event} and the fields come from {@link LogFields} when the record has them; an exception
 * adds {@code error} (its message) and {@code stack}. Everything passes through the {@link Redactor}.
 */
public final class JsonLogFormatter extends Formatter {
    private final Redactor redactor;

    public JsonLogFormatter(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String format(LogRecord record) {
        ObjectNode line = TaskcastJson.object()
                .put("timestamp", record.getInstant().toString())
                .put("level", Levels.name(record.getLevel()))
                .put("logger", record.getLoggerName());
        LogFields fields = LogFields.of(record);
        if (fields != null) {
            line.put("event", fields.event());
            line.put("message", record.getMessage());
            for (Map.Entry<String, Object> f : fields.fields().entrySet()) {
                if (!line.has(f.getKey())) {
                    line.set(f.getKey(), TaskcastJson.toTree(f.getValue()));
                }
            }
        } else {
            line.put("message", formatMessage(record));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.put("error", String.valueOf(thrown.getMessage()));
            StringWriter stack = new StringWriter();
            thrown.printStackTrace(new PrintWriter(stack));
            line.put("stack", stack.toString());
        }
        return redactor.redact(TaskcastJson.write(line)) + System.lineSeparator();
    }
}

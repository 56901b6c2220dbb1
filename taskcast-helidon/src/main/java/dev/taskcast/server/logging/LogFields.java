package dev.taskcast.server.logging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The structured part of a log record: an event name and named fields, carried as the record's
 * only parameter. The JSON formatter writes them as properties; the text formatter appends them as
 * {@code key=value} pairs. Records without it (Helidon's, plugins') are formatted from their message.
 *
 * @param event  what happened, in snake_case ({@code config_loaded}, {@code http_request}, …)
 * @param fields values in insertion order; never secrets
 */
public record LogFields(String event, Map<String, Object> fields) {

    public LogFields {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** {@code key1, value1, key2, value2, …}; null values are left out. */
    public static LogFields of(String event, Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                fields.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
            }
        }
        return new LogFields(event, fields);
    }

    /** The structured part of {@code record}, or {@code null}. */
    static LogFields of(LogRecord record) {
        Object[] params = record.getParameters();
        return params != null && params.length == 1 && params[0] instanceof LogFields f ? f : null;
    }

    /** Logs {@code message} with these fields on {@code logger} at {@code level}. */
    public void log(Logger logger, Level level, String message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger.getName());
        record.setParameters(new Object[] {this});
        logger.log(record);
    }
}

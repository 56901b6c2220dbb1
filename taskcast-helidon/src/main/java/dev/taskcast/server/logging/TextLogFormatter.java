package dev.taskcast.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One readable line per record: {@code 2026-03-01T10:00:00.000Z INFO  <logger> <message> key=value …}
 * (the stack trace, if any, on the following lines). Everything passes through the {@link Redactor}.
 */
public final class TextLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Redactor redactor;

    public TextLogFormatter(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(TIME.format(record.getInstant())).append(' ');
        String level = Levels.name(record.getLevel()).toUpperCase(java.util.Locale.ROOT);
        sb.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
        sb.append(shortName(record.getLoggerName())).append(' ');
        LogFields fields = LogFields.of(record);
        if (fields != null) {
            sb.append(record.getMessage());
            for (Map.Entry<String, Object> f : fields.fields().entrySet()) {
                sb.append(' ').append(f.getKey()).append('=').append(value(f.getValue()));
            }
        } else {
            sb.append(formatMessage(record));
        }
        if (record.getThrown() != null) {
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            sb.append(System.lineSeparator()).append(stack.toString().stripTrailing());
        }
        return redactor.redact(sb.toString()) + System.lineSeparator();
    }

    /** {@code dev.taskcast.server.TaskcastServer} → {@code TaskcastServer}; other libraries keep their name. */
    static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        if (logger.startsWith("dev.taskcast.")) {
            int dot = logger.lastIndexOf('.');
            return logger.substring(dot + 1);
        }
        return logger;
    }

    private static String value(Object v) {
        String s = String.valueOf(v);
        return s.isEmpty() || s.indexOf(' ') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\\\"") + '"' : s;
    }
}

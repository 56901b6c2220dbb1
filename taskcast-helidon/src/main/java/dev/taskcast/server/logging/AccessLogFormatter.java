package dev.taskcast.server.logging;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** The text access log: the record's message as it is (config-cli.md §3.6 line), redacted. */
final class AccessLogFormatter extends Formatter {
    private final Redactor redactor;

    AccessLogFormatter(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String format(LogRecord record) {
        return redactor.redact(record.getMessage()) + System.lineSeparator();
    }
}

package dev.taskcast.server.logging;

import dev.taskcast.engine.config.LogFormat;
import dev.taskcast.engine.config.LogLevel;
import dev.taskcast.engine.config.ServerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Configures java.util.logging (which Helidon and the server log through) for {@code taskcast
 * serve}: log lines on stderr in the configured format and level, the access log on stdout, and the
 * chatty libraries (Helidon, lettuce, Netty, HikariCP, the PostgreSQL driver) at WARNING unless the
 * level is {@code debug}. Every line passes through a {@link Redactor} built from the configuration.
 * {@link #close()} restores what was there before (tests install and remove it around a run).
 */
public final class LogSetup implements AutoCloseable {

    /** Logger of the access log (one line per request, §3.6). */
    public static final String ACCESS_LOGGER = "taskcast.access";
    /** Logger of the structured startup lines. */
    public static final String STARTUP_LOGGER = "dev.taskcast.server.Startup";

    /** Libraries whose INFO lines are noise for an operator. */
    static final List<String> NOISY = List.of("io.helidon", "io.lettuce", "io.netty", "reactor", "com.zaxxer.hikari",
            "org.postgresql", "io.micrometer");

    private final Logger root = Logger.getLogger("");
    private final Logger access = Logger.getLogger(ACCESS_LOGGER);
    private final List<Handler> previousRootHandlers;
    private final Level previousRootLevel;
    private final boolean previousAccessUseParent;
    private final Level previousAccessLevel;
    private final Map<String, Level> previousNoisy = new LinkedHashMap<>();
    /** Strong references: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private final List<Logger> noisyLoggers = new ArrayList<>();
    private final Handler errHandler;
    private final Handler outHandler;

    private LogSetup(LogLevel level, LogFormat format, Redactor redactor, OutputStream err, OutputStream out) {
        previousRootHandlers = List.of(root.getHandlers());
        previousRootLevel = root.getLevel();
        previousAccessUseParent = access.getUseParentHandlers();
        previousAccessLevel = access.getLevel();

        Formatter formatter = format == LogFormat.JSON ? new JsonLogFormatter(redactor) : new TextLogFormatter(redactor);
        Formatter accessFormatter = format == LogFormat.JSON ? new JsonLogFormatter(redactor)
                : new AccessLogFormatter(redactor);
        Level jul = Levels.toJul(level);
        errHandler = new FlushingHandler(err, formatter, jul);
        outHandler = new FlushingHandler(out, accessFormatter, Level.ALL);

        for (Handler h : previousRootHandlers) {
            root.removeHandler(h);
        }
        root.addHandler(errHandler);
        root.setLevel(jul);
        Level noisy = level == LogLevel.DEBUG ? Level.INFO : level == LogLevel.ERROR ? Level.SEVERE : Level.WARNING;
        for (String name : NOISY) {
            Logger l = Logger.getLogger(name);
            noisyLoggers.add(l);
            previousNoisy.put(name, l.getLevel());
            l.setLevel(noisy);
        }
        access.setUseParentHandlers(false);
        access.setLevel(Level.INFO);
        access.addHandler(outHandler);
    }

    /** Logging for {@code config}, on the process's stderr and stdout. */
    public static LogSetup install(ServerConfig config) {
        return install(config, System.err, System.out);
    }

    /** Logging for {@code config}: log lines to {@code err}, the access log to {@code out}. */
    public static LogSetup install(ServerConfig config, PrintStream err, PrintStream out) {
        return new LogSetup(config.logLevel(), config.logFormat(), Redactor.forConfig(config), err, out);
    }

    @Override
    public void close() {
        errHandler.flush();
        outHandler.flush();
        root.removeHandler(errHandler);
        for (Handler h : previousRootHandlers) {
            root.addHandler(h);
        }
        root.setLevel(previousRootLevel);
        access.removeHandler(outHandler);
        access.setUseParentHandlers(previousAccessUseParent);
        access.setLevel(previousAccessLevel);
        previousNoisy.forEach((name, l) -> Logger.getLogger(name).setLevel(l));
    }

    /** A stream handler that flushes every line (log lines must not wait in a buffer) and never closes the stream. */
    private static final class FlushingHandler extends StreamHandler {
        FlushingHandler(OutputStream out, Formatter formatter, Level level) {
            super(out, formatter);
            setLevel(level);
            try {
                setEncoding("UTF-8");
            } catch (java.io.UnsupportedEncodingException impossible) {
                // UTF-8 is always supported.
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }
}

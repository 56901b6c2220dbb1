package dev.taskcast.server.cli;

import dev.taskcast.engine.config.ConfigEnvironment;
import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.logging.LogSetup;
import dev.taskcast.server.RunningServer;
import dev.taskcast.server.TaskcastServer;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * What the commands touch outside themselves, injectable so that tests run them in-process
 * without a real server, real environment or JVM shutdown hooks.
 *
 * @param out          stdout (startup lines)
 * @param err          stderr (warnings and errors)
 * @param environment  working directory, home, environment variables, distribution folder
 * @param launcher     starts the server
 * @param onStarted    arranges for the server to stop on SIGTERM/SIGINT
 * @param logging      sets up log lines and the access log for the loaded configuration
 */
record CliContext(PrintWriter out, PrintWriter err, ConfigEnvironment environment, ServerLauncher launcher,
                  Consumer<RunningServer> onStarted, LogInstaller logging) {

    /** Configures logging for a server about to start; closing it undoes that. */
    @FunctionalInterface
    interface LogInstaller {
        AutoCloseable install(ServerConfig config);

        /** Leaves java.util.logging as it is. */
        LogInstaller NONE = config -> () -> { };
    }

    /** Without logging set-up (tests of the command line that do not look at log lines). */
    CliContext(PrintWriter out, PrintWriter err, ConfigEnvironment environment, ServerLauncher launcher,
               Consumer<RunningServer> onStarted) {
        this(out, err, environment, launcher, onStarted, LogInstaller.NONE);
    }

    static CliContext system() {
        return new CliContext(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                ConfigEnvironment.system(), TaskcastServer::start, GracefulShutdown::install, LogSetup::install);
    }

    /** An operator-facing line on stdout. */
    void info(String message) {
        out.println("[taskcast] " + message);
        out.flush();
    }

    /** An operator-facing line on stderr. */
    void warn(String message) {
        err.println("[taskcast] " + message);
        err.flush();
    }
}

package dev.taskcast.server.cli;

import dev.taskcast.engine.config.ConfigEnvironment;
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
 */
record CliContext(PrintWriter out, PrintWriter err, ConfigEnvironment environment, ServerLauncher launcher,
                  Consumer<RunningServer> onStarted) {

    static CliContext system() {
        return new CliContext(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                ConfigEnvironment.system(), TaskcastServer::start, GracefulShutdown::install);
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

package dev.taskcast.server.cli;

import dev.taskcast.server.RunningServer;
import java.time.Duration;

/**
 * Stops the server on SIGTERM/SIGINT and makes the process exit 0 within 10 seconds
 * (config-cli.md §3.5).
 *
 * <p>A JVM ended by a signal exits with 128+signal even when every shutdown hook succeeds, so the
 * hook ends the process itself with {@link Runtime#halt} once the server has stopped. The status
 * is 0 unless this process is exiting through {@link #exit} with another status, so a failure
 * after startup is not reported as success.
 */
final class GracefulShutdown {

    /** Leaves a margin under the 10 s in which the process must be gone. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(8);

    private static volatile int exitStatus;

    private GracefulShutdown() {
    }

    static void install(RunningServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean stopped = stopWithin(server, STOP_BUDGET);
            if (!stopped) {
                System.err.println("[taskcast] Server did not stop within " + STOP_BUDGET.toSeconds()
                        + " s; exiting anyway");
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitStatus);
        }, "taskcast-shutdown"));
    }

    /** Runs {@code server.stop()} and waits at most {@code budget}; true when it finished. */
    static boolean stopWithin(RunningServer server, Duration budget) {
        Thread stopper = Thread.ofPlatform().name("taskcast-stop").daemon().start(() -> {
            try {
                server.stop();
            } catch (RuntimeException e) {
                System.err.println("[taskcast] Error while stopping: " + e.getMessage());
            }
        });
        try {
            return stopper.join(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link System#exit} that the shutdown hook, if installed, honours. */
    static void exit(int status) {
        exitStatus = status;
        System.exit(status);
    }
}

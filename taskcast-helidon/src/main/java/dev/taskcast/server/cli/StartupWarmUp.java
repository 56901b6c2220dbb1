package dev.taskcast.server.cli;

import dev.taskcast.api.TaskcastJson;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;

/**
 * Server start-up work that depends on nothing the command line or the configuration says, begun
 * on another core while picocli parses the arguments and the configuration file is read. Helidon's
 * service registry (it reads its manifests, then builds the meter registry) took a quarter of a
 * second of the start, almost all of it still interpreted at that point; by the time the server
 * asks for the registry it is ready or nearly so.
 */
final class StartupWarmUp {
    private StartupWarmUp() {
    }

    static void begin() {
        Thread.ofPlatform().daemon().name("taskcast-warm-up").start(() -> {
            try {
                Services.get(MeterRegistry.class);
                TaskcastJson.mapper();
            } catch (RuntimeException | LinkageError e) {
                // Only a head start: the server start meets the same failure and reports it.
            }
        });
    }
}

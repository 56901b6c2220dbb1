package dev.taskcast.spi;

import java.util.List;

/** Implemented by adapters backed by an external service so that readiness can probe it. */
public interface HealthReporting {
    /** Probe each backing service; must return within about two seconds. */
    default List<DependencyHealth> checkHealth() {
        return List.of();
    }
}

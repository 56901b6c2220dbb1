package dev.taskcast.spi;

/** One backing service's state as a readiness probe sees it; {@code errorKind} only when unhealthy. */
public record DependencyHealth(String dependency, boolean healthy, String errorKind) {
    public static DependencyHealth healthy(String dependency) {
        return new DependencyHealth(dependency, true, null);
    }

    public static DependencyHealth unhealthy(String dependency, String errorKind) {
        return new DependencyHealth(dependency, false, errorKind);
    }
}

package dev.taskcast.spi;

/**
 * A backing service could not be reached (http-api.md §3.4). {@code dependency} is one of
 * {@code redisCommand}, {@code redisPubSub}, {@code postgres} (or a plugin's own name); {@code kind}
 * one of {@code connection_refused}, {@code connection_reset}, {@code timeout}, {@code dns},
 * {@code authentication}, {@code connection_closed}, {@code unavailable}.
 */
public class DependencyUnavailableException extends RuntimeException {
    private final String dependency;
    private final String kind;

    public DependencyUnavailableException(String dependency, String kind, Throwable cause) {
        super(dependency + " unavailable (" + kind + ")", cause);
        this.dependency = dependency;
        this.kind = kind;
    }

    public String dependency() {
        return dependency;
    }

    public String kind() {
        return kind;
    }
}

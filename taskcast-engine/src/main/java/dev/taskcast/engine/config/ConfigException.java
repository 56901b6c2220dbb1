package dev.taskcast.engine.config;

/**
 * A configuration that cannot be used. The message is shown to the operator as
 * {@code [taskcast] <message>} before the process exits with status 1 (config-cli.md §3.5), so it
 * must say what is wrong and where without a stack trace.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

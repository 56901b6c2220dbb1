package dev.taskcast.engine.plugin;

/** A plugin could not be loaded or a provider cannot be chosen; startup stops with this message. */
public final class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}

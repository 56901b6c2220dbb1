package dev.taskcast.server.testing;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.spi.HooksFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.TaskcastHooks;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hooks provider for end-to-end tests, registered through {@code META-INF/services} in the test
 * resources and enabled like any plugin: {@code ServerConfig.builder().hooks(List.of(hooks.selection()))}.
 * Each server gets the {@link RecordingHooks} of the {@code channel} option, so tests running
 * servers side by side never see each other's calls.
 */
public final class RecordingHooksFactory implements HooksFactory {
    /** The provider name to write in the config's {@code hooks:} list. */
    public static final String NAME = "test-recording";

    private static final Map<String, RecordingHooks> CHANNELS = new ConcurrentHashMap<>();

    /** A fresh recorder with a channel of its own. */
    public static RecordingHooks newRecorder() {
        String channel = UUID.randomUUID().toString();
        RecordingHooks hooks = new RecordingHooks(channel);
        CHANNELS.put(channel, hooks);
        return hooks;
    }

    /** The config entry that makes a server call {@code hooks}. */
    public static AdapterSelection selection(RecordingHooks hooks) {
        return new AdapterSelection(NAME, Map.of("provider", NAME, "channel", hooks.channel()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskcastHooks create(PluginContext context) {
        String channel = context.stringOption("channel");
        RecordingHooks hooks = channel == null ? null : CHANNELS.get(channel);
        if (hooks == null) {
            throw new IllegalArgumentException("unknown recording channel " + channel);
        }
        return hooks;
    }
}

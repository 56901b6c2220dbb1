package dev.taskcast.example.hook;

import dev.taskcast.spi.HooksFactory;
import dev.taskcast.spi.PluginContext;
import dev.taskcast.spi.TaskcastHooks;
import java.nio.file.Path;

/**
 * Enabled in YAML as {@code hooks: [{provider: example-file-log, path: /var/log/taskcast-hooks.log}]}.
 */
public final class FileLogHooksFactory implements HooksFactory {
    @Override
    public String name() {
        return "example-file-log";
    }

    @Override
    public TaskcastHooks create(PluginContext context) {
        String path = context.stringOption("path");
        if (path == null) {
            throw new IllegalArgumentException("hook example-file-log needs a 'path' option");
        }
        return new FileLogHooks(Path.of(path));
    }
}

package dev.taskcast.engine.config;

import java.util.function.Consumer;

/** Entry point: from command line and environment to the effective {@link ServerConfig}. */
public final class ServerConfigLoader {

    private ServerConfigLoader() {
    }

    /**
     * @param warnings receives operator warnings that do not stop startup
     * @throws ConfigException for anything that must stop startup; its message is operator-ready
     */
    public static ServerConfig load(CommandLineOverrides cli, ConfigEnvironment env, Consumer<String> warnings) {
        ConfigFile file = ConfigFile.load(cli.configPath(), env, warnings);
        return ServerConfigResolver.resolve(file.tree(), file.path(), cli, env, warnings);
    }
}

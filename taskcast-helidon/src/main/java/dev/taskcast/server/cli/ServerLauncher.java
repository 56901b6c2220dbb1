package dev.taskcast.server.cli;

import dev.taskcast.engine.config.ServerConfig;
import dev.taskcast.server.RunningServer;

/** Starts the server; {@code TaskcastServer::start} in production, a stand-in in tests. */
@FunctionalInterface
interface ServerLauncher {
    RunningServer start(ServerConfig config) throws Exception;
}

package dev.taskcast.plugin.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;

/**
 * Follows one connection's state so that a command rejected while Lettuce reconnects can be
 * reported with the reason the connection went away (reset, refused, ...) instead of a bare
 * "not connected".
 */
class ConnectionMonitor implements RedisConnectionStateListener {
    private final SharedRedisClient client;
    private volatile boolean connected = true;
    private volatile String lastErrorKind;

    ConnectionMonitor(SharedRedisClient client) {
        this.client = client;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
        lastErrorKind = null; // a fresh connection: the next loss has its own reason
        connected = true;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        connected = false;
    }

    @Override
    public void onRedisExceptionCaught(RedisChannelHandler<?, ?> connection, Throwable cause) {
        String kind = RedisFailures.kindOf(cause, null);
        if (kind != null) {
            lastErrorKind = kind;
        }
    }

    boolean connected() {
        return connected;
    }

    /** Why commands are being rejected: the last reconnect failure, else the last channel error, else closed. */
    String disconnectedKind() {
        String reconnect = client.lastReconnectFailureKind();
        if (reconnect != null && !connected) {
            return reconnect;
        }
        return lastErrorKind != null ? lastErrorKind : RedisFailures.CONNECTION_CLOSED;
    }
}

package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** The http-api.md §3.4 error kinds for the failures Lettuce reports. */
class RedisFailuresTest {

    private static String kind(Throwable t) {
        return RedisFailures.kindOf(t, "connection_reset");
    }

    @Test
    void connectionSetupFailures() {
        assertEquals("connection_refused",
                kind(new RedisConnectionException("Unable to connect", new ConnectException("Connection refused"))));
        assertEquals("dns", kind(new RedisConnectionException("Unable to connect", new UnknownHostException("nohost"))));
        assertEquals("timeout", kind(new RedisConnectionException("Unable to connect",
                new io.netty.channel.ConnectTimeoutException("connection timed out"))));
        assertEquals("authentication", kind(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair"))));
        assertEquals("authentication", kind(new RedisCommandExecutionException("NOAUTH Authentication required.")));
    }

    @Test
    void failuresOfAnEstablishedConnection() {
        assertEquals("timeout", kind(new RedisCommandTimeoutException("Command timed out after 5 second(s)")));
        assertEquals("connection_reset", kind(new RedisException(new IOException("Connection reset by peer"))));
        assertEquals("connection_closed", kind(new RedisException(new ClosedChannelException())));
        assertEquals("connection_reset", kind(new RedisException("Currently not connected. Commands are rejected.")),
                "rejected while reconnecting: the cause of the disconnection");
        assertEquals("connection_closed",
                RedisFailures.kindOf(new RedisException("Connection closed"), null), "cause unknown");
        assertEquals("unavailable", kind(new RedisCommandExecutionException("LOADING Redis is loading the dataset")));
        assertEquals("unavailable", kind(new RedisException("something else in the client")));
    }

    @Test
    void errorsThatAreNotAboutReachingRedisHaveNoKind() {
        assertNull(kind(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")));
        assertNull(kind(new IllegalStateException("bug")));
    }
}

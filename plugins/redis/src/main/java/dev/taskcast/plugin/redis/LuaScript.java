package dev.taskcast.plugin.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), falling back to {@code EVAL} the first time a
 * Redis has not seen it (or after {@code SCRIPT FLUSH} / a restart), which also caches it there.
 */
final class LuaScript {
    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    <T> T run(RedisCommands<String, String> redis, ScriptOutputType output, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException notLoaded) {
            return redis.eval(source, output, keys, args);
        }
    }

    /**
     * As {@link #run(RedisCommands, ScriptOutputType, String[], String...)} on the asynchronous API,
     * awaited through {@code calls}: no synchronous-API proxy (reflection) per call on hot paths.
     */
    <T> T run(RedisCalls calls, StatefulRedisConnection<String, String> connection, ScriptOutputType output,
              String[] keys, String... args) {
        try {
            return calls.await(calls.sync(() -> connection.async().<T>evalsha(sha, output, keys, args)));
        } catch (RedisNoScriptException notLoaded) {
            return calls.await(calls.sync(() -> connection.async().<T>eval(source, output, keys, args)));
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}

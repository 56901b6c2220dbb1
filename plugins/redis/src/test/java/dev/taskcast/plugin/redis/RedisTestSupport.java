package dev.taskcast.plugin.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.taskcast.spi.PluginContext;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Redis for tests (services.md): {@code TASKCAST_TEST_REDIS_URL}. Without it the tests are
 * skipped, except on CI ({@code CI=true}) where a silently skipped suite would hide a broken setup.
 * Every test class works under its own random prefix and deletes its keys afterwards.
 */
final class RedisTestSupport {
    private RedisTestSupport() {
    }

    static String url() {
        String url = System.getenv("TASKCAST_TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("TASKCAST_TEST_REDIS_URL must be set when CI=true (e.g. redis://127.0.0.1:6379)");
            }
            System.err.println("[redis tests] TASKCAST_TEST_REDIS_URL is not set: skipping the Redis tests");
            Assumptions.abort("TASKCAST_TEST_REDIS_URL is not set: skipping the Redis tests"
                    + " (set it, e.g. redis://127.0.0.1:6379, to run them)");
        }
        return url;
    }

    /** A key prefix no other run uses. */
    static String newPrefix() {
        return "tc-test-" + UUID.randomUUID().toString().replace("-", "");
    }

    static PluginContext context(String url, String prefix) {
        return new PluginContext(Map.of("provider", "redis", "url", url, "prefix", prefix), Map.of());
    }

    /** A plain Lettuce connection to inspect keys the way any other Redis client sees them. */
    static final class RawRedis implements AutoCloseable {
        final RedisClient client;
        final StatefulRedisConnection<String, String> connection;

        RawRedis(String url) {
            client = RedisClient.create(url);
            connection = client.connect();
        }

        io.lettuce.core.api.sync.RedisCommands<String, String> redis() {
            return connection.sync();
        }

        /** Every key under {@code prefix + ":"} (SCAN, never KEYS). */
        List<String> keysUnder(String prefix) {
            List<String> keys = new ArrayList<>();
            ScanArgs match = ScanArgs.Builder.matches(RedisKeys.globEscape(prefix + ":") + "*").limit(1000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis().scan(cursor, match);
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        }

        void deleteKeysUnder(String prefix) {
            List<String> keys = keysUnder(prefix);
            for (int from = 0; from < keys.size(); from += 500) {
                redis().unlink(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(String[]::new));
            }
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    /** Deletes every key of a test class's prefix. */
    static void deleteKeys(String url, String prefix) {
        try (RawRedis raw = new RawRedis(url)) {
            raw.deleteKeysUnder(prefix);
        }
    }
}

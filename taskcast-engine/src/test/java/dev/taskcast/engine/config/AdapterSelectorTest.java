package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterSelectorTest {

    private static AdapterSettings select(String yaml, Map<String, String> env, String cliStorage) {
        ObjectNode file = ConfigFileParser.parseYaml(yaml, env, Path.of("test.yaml"));
        return AdapterSelector.select(file.get("adapters"), ConfigEnvironment.of(Path.of("/w"), Path.of("/h"), env),
                cliStorage);
    }

    private static String error(String yaml, Map<String, String> env, String cliStorage) {
        return assertThrows(ConfigException.class, () -> select(yaml, env, cliStorage)).getMessage();
    }

    private static void assertMemory(AdapterSettings s) {
        assertEquals("memory", s.broadcast().provider());
        assertEquals("memory", s.shortTerm().provider());
        assertNull(s.shortTerm().url());
    }

    private static void assertRedis(AdapterSettings s, String url) {
        assertEquals("redis", s.broadcast().provider());
        assertEquals("redis", s.shortTerm().provider());
        assertEquals(url, s.broadcast().url());
        assertEquals(url, s.shortTerm().url());
    }

    @Test
    void defaultsToMemoryWithoutLongTerm() {
        AdapterSettings s = select("", Map.of(), null);
        assertMemory(s);
        assertNull(s.longTerm());
        assertEquals("memory", s.describeShortTerm());
        assertEquals("(none)", s.describeLongTerm());
        assertEquals(Map.of("provider", "memory"), s.shortTerm().options());
    }

    @Test
    void redisUrlAloneSelectsRedis() {
        assertRedis(select("", Map.of("TASKCAST_REDIS_URL", "redis://e:6379"), null), "redis://e:6379");
        assertRedis(select("adapters: {broadcast: {url: 'redis://b'}}", Map.of(), null), "redis://b");
        assertRedis(select("adapters: {shortTermStore: {url: 'redis://s'}}", Map.of(), null), "redis://s");
    }

    @Test
    void redisUrlPrecedence() {
        String yaml = "adapters: {broadcast: {provider: redis, url: 'redis://b'}, shortTermStore: {provider: redis}}";
        assertRedis(select(yaml, Map.of(), null), "redis://b");
        assertRedis(select(yaml, Map.of("TASKCAST_REDIS_URL", "redis://env"), null), "redis://env");
        // Empty broadcast URL: the first non-empty one is used.
        assertRedis(select("adapters: {broadcast: {provider: redis, url: ''}, shortTermStore: {provider: redis,"
                + " url: 'redis://s'}}", Map.of(), null), "redis://s");
    }

    @Test
    void storageModePrecedenceCliOverEnvOverConfig() {
        Map<String, String> env = Map.of("TASKCAST_STORAGE", "memory", "TASKCAST_REDIS_URL", "redis://x");
        assertRedis(select("", env, "redis"), "redis://x");
        assertMemory(select("adapters: {shortTermStore: {provider: redis}}", env, null));
        assertRedis(select("adapters: {shortTermStore: {provider: redis}}", Map.of("TASKCAST_REDIS_URL", "redis://x",
                "TASKCAST_STORAGE", ""), null), "redis://x");
    }

    @Test
    void explicitMemoryIgnoresRedisUrl() {
        Map<String, String> env = Map.of("TASKCAST_REDIS_URL", "redis://x");
        assertMemory(select("", env, "memory"));
        assertMemory(select("", Map.of("TASKCAST_REDIS_URL", "redis://x", "TASKCAST_STORAGE", "memory"), null));
        assertMemory(select("adapters: {shortTermStore: {provider: memory}}", env, null));
        assertMemory(select("adapters: {broadcast: {provider: memory, url: 'redis://b'}}", Map.of(), null));
    }

    @Test
    void configuredProviderShortTermThenBroadcast() {
        Map<String, String> env = Map.of("TASKCAST_REDIS_URL", "redis://x");
        assertRedis(select("adapters: {broadcast: {provider: redis}}", env, null), "redis://x");
        assertMemory(select("adapters: {broadcast: {provider: memory}}", env, null));
    }

    @Test
    void differingConfiguredProvidersFail() {
        assertEquals("configured short-term and broadcast providers must match",
                error("adapters: {broadcast: {provider: redis}, shortTermStore: {provider: memory}}", Map.of(), null));
        // Not reached when the mode is given explicitly.
        assertMemory(select("adapters: {broadcast: {provider: redis}, shortTermStore: {provider: memory}}",
                Map.of(), "memory"));
    }

    @Test
    void invalidStorageModes() {
        assertEquals("invalid storage mode \"disk\"; expected memory, redis, or sqlite", error("", Map.of(), "disk"));
        assertEquals("invalid storage mode \"Redis\"; expected memory, redis, or sqlite",
                error("", Map.of("TASKCAST_STORAGE", "Redis"), null));
        assertEquals("invalid storage mode \"file\"; expected memory, redis, or sqlite",
                error("adapters: {shortTermStore: {provider: file}}", Map.of(), null));
        String sqlite = error("", Map.of(), "sqlite");
        assertEquals(true, sqlite.startsWith("invalid storage mode \"sqlite\""), sqlite);
        assertEquals(true, sqlite.contains("not supported"), sqlite);
    }

    @Test
    void redisWithoutUrlFails() {
        assertEquals("storage mode redis requires TASKCAST_REDIS_URL or a configured Redis URL",
                error("", Map.of(), "redis"));
        assertEquals("storage mode redis requires TASKCAST_REDIS_URL or a configured Redis URL",
                error("adapters: {shortTermStore: {provider: redis}}", Map.of(), null));
    }

    @Test
    void differentConfiguredRedisUrlsFailUnlessEnvUrlIsSet() {
        String yaml = "adapters: {broadcast: {provider: redis, url: 'redis://a'},"
                + " shortTermStore: {provider: redis, url: 'redis://b'}}";
        assertEquals("configured Redis broadcast and short-term URLs must match", error(yaml, Map.of(), null));
        assertRedis(select(yaml, Map.of("TASKCAST_REDIS_URL", "redis://env"), null), "redis://env");
        // Only when both providers say redis.
        assertRedis(select("adapters: {broadcast: {url: 'redis://a'}, shortTermStore: {provider: redis,"
                + " url: 'redis://b'}}", Map.of(), null), "redis://a");
    }

    @Test
    void shortAliasesAreAcceptedAndLongSpellingsWin() {
        assertRedis(select("adapters: {shortTerm: {provider: redis, url: 'redis://s'}}", Map.of(), null), "redis://s");
        assertMemory(select("adapters: {shortTermStore: {provider: memory}, shortTerm: {provider: redis,"
                + " url: 'redis://s'}}", Map.of(), null));
        assertEquals("postgres", select("adapters: {longTerm: {provider: postgres, url: 'postgres://l'}}", Map.of(), null)
                .longTerm().provider());
        assertEquals("postgres://long", select("adapters: {longTerm: {provider: postgres, url: 'postgres://short'},"
                + " longTermStore: {provider: postgres, url: 'postgres://long'}}", Map.of(), null).longTerm().url());
    }

    @Test
    void optionsCarryTheUsersBlockAndTheResolvedUrl() {
        AdapterSettings s = select("adapters: {shortTermStore: {provider: redis, url: 'redis://file', prefix: p1},"
                + " broadcast: {provider: redis}}", Map.of("TASKCAST_REDIS_URL", "redis://u:secret@env:6379"), null);
        assertEquals(Map.of("provider", "redis", "url", "redis://u:secret@env:6379", "prefix", "p1"),
                s.shortTerm().options());
        assertEquals(Map.of("provider", "redis", "url", "redis://u:secret@env:6379"), s.broadcast().options());
        assertEquals("redis @ redis://env:6379", s.describeShortTerm());
    }

    @Test
    void postgresLongTerm() {
        AdapterSettings s = select("adapters: {longTermStore: {provider: postgres, url: 'postgres://file', pool: 3}}",
                Map.of(), null);
        assertEquals(Map.of("provider", "postgres", "url", "postgres://file", "pool", 3), s.longTerm().options());
        assertEquals("postgres", s.describeLongTerm());
        assertEquals("postgres://env", select("adapters: {longTermStore: {provider: postgres, url: 'postgres://file'}}",
                Map.of("TASKCAST_POSTGRES_URL", "postgres://env"), null).longTerm().url());
    }

    @Test
    void postgresWithoutUrlFails() {
        assertEquals("configured PostgreSQL long-term store requires TASKCAST_POSTGRES_URL or adapters.longTermStore.url",
                error("adapters: {longTermStore: {provider: postgres}}", Map.of(), null));
    }

    @Test
    void otherLongTermProviderMeansNone() {
        assertNull(select("adapters: {longTermStore: {provider: sqlite}}",
                Map.of("TASKCAST_POSTGRES_URL", "postgres://env"), null).longTerm());
    }

    @Test
    void postgresUrlAloneActivatesPostgres() {
        AdapterSettings s = select("", Map.of("TASKCAST_POSTGRES_URL", "postgres://env"), null);
        assertEquals("postgres", s.longTerm().provider());
        assertEquals("postgres://env", s.longTerm().url());
        assertNull(select("", Map.of("TASKCAST_POSTGRES_URL", ""), null).longTerm());
        // A configured URL without a provider does not.
        assertNull(select("adapters: {longTermStore: {url: 'postgres://file'}}", Map.of(), null).longTerm());
    }

    @Test
    void malformedBlocksAreReported() {
        assertEquals("adapters.broadcast must be a mapping such as {provider: ..., url: ...}",
                error("adapters: {broadcast: redis}", Map.of(), null));
        assertEquals("adapters must be a mapping of adapter blocks", error("adapters: [1]", Map.of(), null));
    }

    @Test
    void configuredLongTermUrlForMigrate() {
        ObjectNode file = ConfigFileParser.parseYaml("adapters: {longTerm: {url: 'postgres://x'}}", Map.of(),
                Path.of("t.yaml"));
        assertEquals("postgres://x", AdapterSelector.configuredLongTermUrl(file));
        assertNull(AdapterSelector.configuredLongTermUrl(ConfigFile.none().tree()));
    }
}

package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the broadcast, short-term and long-term adapters, following config-cli.md §3.2 step by
 * step; the error messages are the original's.
 */
public final class AdapterSelector {

    static final String MEMORY = "memory";
    static final String REDIS = "redis";
    static final String POSTGRES = "postgres";

    private AdapterSelector() {
    }

    /**
     * @param adapters   the config file's {@code adapters} node, or {@code null}
     * @param cliStorage {@code -s/--storage}, or {@code null}
     */
    public static AdapterSettings select(JsonNode adapters, ConfigEnvironment env, String cliStorage) {
        ObjectNode broadcast = block(adapters, "broadcast", null);
        ObjectNode shortTerm = block(adapters, "shortTermStore", "shortTerm");

        // Step 2.
        String envRedisUrl = env.get("TASKCAST_REDIS_URL");
        String broadcastUrl = ConfigValues.text(broadcast, "url", "adapters.broadcast.url");
        String shortTermUrl = ConfigValues.text(shortTerm, "url", "adapters.shortTermStore.url");
        String redisUrl = envRedisUrl != null ? envRedisUrl : broadcastUrl != null ? broadcastUrl : shortTermUrl;

        // Step 3.
        String mode = storageMode(cliStorage, env, broadcast, shortTerm, redisUrl);
        AdapterSelection longTerm = longTerm(adapters, env);
        if (MEMORY.equals(mode)) {
            return new AdapterSettings(selection(broadcast, MEMORY, null), selection(shortTerm, MEMORY, null), longTerm);
        }

        // Step 4.
        String broadcastProvider = ConfigValues.text(broadcast, "provider", "adapters.broadcast.provider");
        String shortTermProvider = ConfigValues.text(shortTerm, "provider", "adapters.shortTermStore.provider");
        if (envRedisUrl == null && REDIS.equals(broadcastProvider) && REDIS.equals(shortTermProvider)
                && broadcastUrl != null && shortTermUrl != null && !broadcastUrl.equals(shortTermUrl)) {
            throw new ConfigException("configured Redis broadcast and short-term URLs must match");
        }
        if (redisUrl == null) {
            throw new ConfigException("storage mode redis requires TASKCAST_REDIS_URL or a configured Redis URL");
        }
        return new AdapterSettings(selection(broadcast, REDIS, redisUrl), selection(shortTerm, REDIS, redisUrl), longTerm);
    }

    /** The configured {@code adapters.longTermStore.url} (or its alias), for {@code taskcast migrate}; {@code null} when absent. */
    public static String configuredLongTermUrl(JsonNode config) {
        ObjectNode longTerm = block(ConfigValues.at(config, "adapters"), "longTermStore", "longTerm");
        return ConfigValues.text(longTerm, "url", "adapters.longTermStore.url");
    }

    private static String storageMode(String cliStorage, ConfigEnvironment env, ObjectNode broadcast,
                                      ObjectNode shortTerm, String redisUrl) {
        String mode;
        if (cliStorage != null) {
            mode = cliStorage;
        } else if (env.get("TASKCAST_STORAGE") != null) {
            mode = env.get("TASKCAST_STORAGE");
        } else {
            String shortTermProvider = ConfigValues.text(shortTerm, "provider", "adapters.shortTermStore.provider");
            String broadcastProvider = ConfigValues.text(broadcast, "provider", "adapters.broadcast.provider");
            if (shortTermProvider != null && broadcastProvider != null && !shortTermProvider.equals(broadcastProvider)) {
                throw new ConfigException("configured short-term and broadcast providers must match");
            }
            mode = shortTermProvider != null ? shortTermProvider
                    : broadcastProvider != null ? broadcastProvider
                    : redisUrl != null ? REDIS : MEMORY;
        }
        return switch (mode) {
            case MEMORY, REDIS -> mode;
            case "sqlite" -> throw new ConfigException("invalid storage mode \"sqlite\"; SQLite storage is not"
                    + " supported by the Java server, expected memory or redis");
            default -> throw new ConfigException("invalid storage mode \"" + mode
                    + "\"; expected memory, redis, or sqlite");
        };
    }

    /** Step 5. */
    private static AdapterSelection longTerm(JsonNode adapters, ConfigEnvironment env) {
        ObjectNode block = block(adapters, "longTermStore", "longTerm");
        String provider = ConfigValues.text(block, "provider", "adapters.longTermStore.provider");
        String envUrl = env.get("TASKCAST_POSTGRES_URL");
        if (provider == null) {
            return envUrl == null ? null : selection(block, POSTGRES, envUrl);
        }
        if (!POSTGRES.equals(provider)) {
            return null;
        }
        String url = envUrl != null ? envUrl : ConfigValues.text(block, "url", "adapters.longTermStore.url");
        if (url == null) {
            throw new ConfigException("configured PostgreSQL long-term store requires TASKCAST_POSTGRES_URL or"
                    + " adapters.longTermStore.url");
        }
        return selection(block, POSTGRES, url);
    }

    /**
     * {@code adapters.<name>}, else {@code adapters.<alias>}: the long spelling wins when both
     * are present (config-cli.md §1.3).
     */
    private static ObjectNode block(JsonNode adapters, String name, String alias) {
        if (adapters == null) {
            return null;
        }
        if (!adapters.isObject()) {
            throw new ConfigException("adapters must be a mapping of adapter blocks");
        }
        JsonNode node = ConfigValues.at(adapters, name);
        String shownName = name;
        if (node == null && alias != null) {
            node = ConfigValues.at(adapters, alias);
            shownName = alias;
        }
        if (node == null) {
            return null;
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new ConfigException("adapters." + shownName + " must be a mapping such as {provider: ..., url: ...}");
    }

    /** The user's block with the chosen provider and URL put in, so a factory sees one consistent view. */
    private static AdapterSelection selection(ObjectNode block, String provider, String url) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (block != null) {
            options.putAll(ConfigValues.toMap(block));
        }
        options.put("provider", provider);
        if (url != null) {
            options.put("url", url);
        } else {
            options.remove("url");
        }
        return new AdapterSelection(Objects.requireNonNull(provider), options);
    }
}

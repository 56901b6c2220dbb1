/**
 * Redis adapters: {@link dev.taskcast.plugin.redis.RedisShortTermStore} and
 * {@link dev.taskcast.plugin.redis.RedisBroadcast}, both selected with {@code provider: redis}. Keys,
 * value encodings and channel names are the original's classic layout (storage.md §4), so a Java
 * server and an original server can share one Redis prefix.
 */
package dev.taskcast.plugin.redis;

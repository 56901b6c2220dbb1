package dev.taskcast.plugin.redis;

/**
 * The key and channel names of storage.md §4.2 and §4.5. Ids are inserted verbatim (no escaping):
 * that is what the original does, and both servers must name the same keys.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String task(String taskId) {
        return prefix + ":task:" + taskId;
    }

    String tasks() {
        return prefix + ":tasks";
    }

    String events(String taskId) {
        return prefix + ":events:" + taskId;
    }

    String index(String taskId) {
        return prefix + ":idx:" + taskId;
    }

    String series(String taskId, String seriesId) {
        return prefix + ":series:" + taskId + ":" + seriesId;
    }

    String seriesIds(String taskId) {
        return prefix + ":seriesIds:" + taskId;
    }

    String deadlines() {
        return prefix + ":ttlDeadlines";
    }

    /** The pub/sub channel of a task: the same string as its task key (separate namespaces in Redis). */
    String channel(String taskId) {
        return task(taskId);
    }

    /** The one pattern the broadcast subscribes to, with glob characters of the prefix escaped. */
    String channelPattern() {
        return globEscape(prefix + ":task:") + "*";
    }

    /** The task id of a channel: the channel without {@code P:task:}, or the channel itself without that prefix. */
    String taskIdOfChannel(String channel) {
        String head = prefix + ":task:";
        return channel.startsWith(head) ? channel.substring(head.length()) : channel;
    }

    static String globEscape(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}

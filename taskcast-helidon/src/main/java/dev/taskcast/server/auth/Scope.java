package dev.taskcast.server.auth;

/** Scopes the endpoints require (http-api.md §2.5). A token's {@code "*"} scope grants all of them. */
public enum Scope {
    TASK_CREATE("task:create"),
    TASK_MANAGE("task:manage"),
    EVENT_PUBLISH("event:publish"),
    EVENT_SUBSCRIBE("event:subscribe"),
    EVENT_HISTORY("event:history"),
    WEBHOOK_CREATE("webhook:create"),
    /** Later-extension {@code /resolve} and {@code /request} endpoints (§10). */
    TASK_RESOLVE("task:resolve");

    /** The scope string that grants every scope. */
    public static final String WILDCARD = "*";

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The wire string as it appears in a token's {@code scope} claim and in {@code authConfig} rules. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

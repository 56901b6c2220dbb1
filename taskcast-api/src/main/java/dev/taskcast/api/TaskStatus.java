package dev.taskcast.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Task status. All nine values are accepted on the wire; phase 1 reaches only six of them. */
public enum TaskStatus {
    PENDING("pending"),
    ASSIGNED("assigned"),
    RUNNING("running"),
    PAUSED("paused"),
    BLOCKED("blocked"),
    COMPLETED("completed"),
    FAILED("failed"),
    TIMEOUT("timeout"),
    CANCELLED("cancelled");

    /** Wire names in declaration order, as validation messages list them. */
    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(TaskStatus::wireName).toList();

    private final String wireName;

    TaskStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == TIMEOUT || this == CANCELLED;
    }

    public static Optional<TaskStatus> parse(String wire) {
        for (TaskStatus s : values()) {
            if (s.wireName.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    public static TaskStatus fromWire(String wire) {
        return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown task status: " + wire));
    }

    @Override
    public String toString() {
        return wireName;
    }
}

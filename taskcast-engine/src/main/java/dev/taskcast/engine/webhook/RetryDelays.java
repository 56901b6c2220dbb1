package dev.taskcast.engine.webhook;

import dev.taskcast.api.RetryConfig;

/**
 * Wait before attempt k ≥ 1 (webhooks-hooks-cleanup.md §1.4 step 7); only exponential is capped. A
 * negative result (a negative configured delay) waits 0, as a negative {@code setTimeout} does.
 */
final class RetryDelays {
    private RetryDelays() {
    }

    static long beforeAttempt(RetryConfig policy, int k) {
        return Math.max(0, delay(policy, k));
    }

    private static long delay(RetryConfig policy, int k) {
        long initial = policy.initialDelayMs();
        return switch (policy.backoff()) {
            case "fixed" -> initial;
            case "linear" -> initial * k;
            default -> {
                double d = initial * Math.pow(2, k - 1);
                yield (long) Math.min(d, policy.maxDelayMs());
            }
        };
    }
}

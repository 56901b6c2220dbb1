package dev.taskcast.server.validation;

/**
 * Bounds of an integer field: zod's {@code int()} plus a lower bound ({@code positive()} or
 * {@code nonnegative()}) and an inclusive upper bound. The upper bounds are the Java server's own:
 * the value must fit the Java field and the database column it lands in (the original accepts any
 * integer, even 1e30, which PostgreSQL cannot store, http-api.md §5.2).
 */
record IntRange(long minimum, boolean minimumInclusive, long maximum) {
    /** JavaScript's {@code Number.MAX_SAFE_INTEGER}: the largest integer JavaScript clients read back exactly. */
    static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    static final IntRange POSITIVE_INT = new IntRange(0, false, Integer.MAX_VALUE);
    static final IntRange NON_NEGATIVE_INT = new IntRange(0, true, Integer.MAX_VALUE);
    static final IntRange POSITIVE_SAFE_INTEGER = new IntRange(0, false, MAX_SAFE_INTEGER);
}

package dev.taskcast.server.validation;

import java.util.List;

/**
 * The request failed validation; answered with 400 and the body of {@link ValidationErrorBody}.
 * Carries every issue found, in the order the original reports them.
 */
public final class ValidationException extends RuntimeException {

    /** What was validated; it decides the error shape (query errors never use the flattened one). */
    public enum Source { QUERY, BODY }

    private final transient List<Issue> issues;
    private final Source source;

    public ValidationException(Source source, List<Issue> issues) {
        super(summary(issues));
        this.issues = List.copyOf(issues);
        this.source = source;
    }

    public List<Issue> issues() {
        return issues;
    }

    public Source source() {
        return source;
    }

    /** A log-friendly message: the first issue and how many follow it. */
    private static String summary(List<Issue> issues) {
        if (issues.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one issue");
        }
        Issue first = issues.getFirst();
        String more = issues.size() > 1 ? " (+" + (issues.size() - 1) + " more)" : "";
        return first.path().segments() + ": " + first.message() + more;
    }
}

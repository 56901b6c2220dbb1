package dev.taskcast.engine.cleanup;

import dev.taskcast.api.CleanupRule;
import dev.taskcast.api.EventQuery;
import dev.taskcast.api.Task;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskQuery;
import dev.taskcast.api.TaskStatus;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import dev.taskcast.spi.TaskcastHooks;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Executes cleanup rules (webhooks-hooks-cleanup.md §3.3): one {@link #sweep} looks at the terminal
 * tasks of the short-term store and applies, for each, its own rules and then the global rules.
 *
 * <p>Targets:
 * <ul>
 *   <li>{@code events}: the events chosen by {@link CleanupMatching#eventsToDelete} are deleted from
 *       the short-term history and, chosen separately from its own (compacted) rows, from the
 *       long-term store. The task stays.</li>
 *   <li>{@code task}: the task leaves the short-term store entirely (its record and its history,
 *       series pointers and counter, which nothing could reach without the record). The long-term
 *       store is not touched: with one, the task and its archived events stay readable from there
 *       (the engine falls back to it); without one, the task is gone (404). Evaluation of the task
 *       stops.</li>
 *   <li>{@code all}: the task and all its events are deleted from every store (long-term task row,
 *       whose events go with it, then the short-term history and record). Evaluation stops. If the
 *       long-term delete fails, the short-term record is kept so that the next sweep retries; only a
 *       store without delete support ({@link UnsupportedOperationException}) gets the short-term
 *       part done anyway (it would never succeed), and the failure is reported.</li>
 * </ul>
 *
 * <p>Every deletion is idempotent, so a second sweep finds nothing more to do and several instances
 * sweeping the same stores at once do no harm. Non-terminal tasks and tasks without a matching rule
 * are never touched. A failure on one task is logged (and reported through
 * {@code onUnhandledError}) and the sweep goes on with the next task.
 *
 * <p>Only tasks still listed by the short-term store are swept: a task that exists only in the
 * long-term store (for example after a {@code task} rule) is not looked at again.
 *
 * <p>Fairness: tasks with at least one matching rule count against a sweep's budget; they are
 * visited in task-id order starting after the last one the previous sweep visited, so a budget
 * smaller than the number of such tasks still reaches every task over successive sweeps. Instances
 * of this class are safe to call from one scheduler thread; {@link #sweep} is synchronized.
 */
public final class CleanupSweeper {
    private static final System.Logger LOG = System.getLogger(CleanupSweeper.class.getName());
    private static final TaskQuery TERMINAL = new TaskQuery(List.of(TaskStatus.COMPLETED.wireName(),
            TaskStatus.FAILED.wireName(), TaskStatus.TIMEOUT.wireName(), TaskStatus.CANCELLED.wireName()), null, null);

    private final ShortTermStore shortTerm;
    private final LongTermStore longTerm;
    private final List<CleanupRule> globalRules;
    private final LongSupplier clock;
    private final TaskcastHooks hooks;
    /** Id of the last task the previous sweep spent budget on; the next sweep continues after it. */
    private String resumeAfter;

    public CleanupSweeper(ShortTermStore shortTerm, LongTermStore longTerm, List<CleanupRule> globalRules,
                          LongSupplier clock) {
        this(shortTerm, longTerm, globalRules, clock, new TaskcastHooks() { });
    }

    /** As the four-argument constructor, reporting per-task failures to {@code hooks.onUnhandledError}. */
    public CleanupSweeper(ShortTermStore shortTerm, LongTermStore longTerm, List<CleanupRule> globalRules,
                          LongSupplier clock, TaskcastHooks hooks) {
        this.shortTerm = Objects.requireNonNull(shortTerm, "shortTerm");
        this.longTerm = longTerm;
        this.globalRules = globalRules == null ? List.of() : List.copyOf(globalRules);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * One sweep over the terminal tasks, applying rules to at most {@code maxTasks} tasks that have a
     * matching rule (tasks without one cost nothing). Returns the number of tasks from which
     * something was deleted.
     */
    public synchronized int sweep(int maxTasks) {
        long now = clock.getAsLong();
        List<Task> terminal = new ArrayList<>(shortTerm.listTasks(TERMINAL));
        terminal.sort(Comparator.comparing(Task::id));
        int start = 0;
        if (resumeAfter != null) {
            while (start < terminal.size() && terminal.get(start).id().compareTo(resumeAfter) <= 0) {
                start++;
            }
        }
        int budget = Math.max(0, maxTasks);
        int changed = 0;
        String last = null;
        boolean exhausted = false;
        for (int n = 0; n < terminal.size(); n++) {
            Task task = terminal.get((start + n) % terminal.size());
            List<CleanupRule> matching = matchingRules(task, now);
            if (matching.isEmpty()) {
                continue;
            }
            if (budget == 0) {
                exhausted = true;
                break;
            }
            budget--;
            last = task.id();
            try {
                if (apply(task, matching)) {
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cleanup of task " + task.id() + " failed: " + e);
                try {
                    hooks.onUnhandledError(e, new TaskcastHooks.ErrorContext("cleanup", task.id()));
                } catch (RuntimeException hookFailure) {
                    LOG.log(Level.WARNING, "onUnhandledError hook failed", hookFailure);
                }
            }
        }
        // Resume after the last task worked on when the budget ran out; otherwise start over next time.
        resumeAfter = exhausted ? last : null;
        return changed;
    }

    /** The task's own rules first, then the global ones, keeping those that match now. */
    private List<CleanupRule> matchingRules(Task task, long now) {
        List<CleanupRule> out = new ArrayList<>();
        for (CleanupRule rule : task.cleanupRules()) {
            if (rule.target() != null && CleanupMatching.matchesRule(task, rule, now)) {
                out.add(rule);
            }
        }
        for (CleanupRule rule : globalRules) {
            if (rule.target() != null && CleanupMatching.matchesRule(task, rule, now)) {
                out.add(rule);
            }
        }
        return out;
    }

    /** Applies the matching rules in order; returns whether anything was deleted. */
    private boolean apply(Task task, List<CleanupRule> rules) {
        String id = task.id();
        boolean deleted = false;
        for (CleanupRule rule : rules) {
            switch (rule.target()) {
                case EVENTS -> deleted |= deleteEvents(task, rule);
                case TASK -> {
                    deleteShortTerm(id);
                    return true;
                }
                case ALL -> {
                    // Long-term first: sweeps only list short-term tasks, so a long-term delete that
                    // fails (an outage) after the short-term record is gone would leave the archived
                    // task behind for good. In this order the next sweep simply tries again.
                    if (longTerm != null) {
                        try {
                            longTerm.deleteTask(id);
                        } catch (UnsupportedOperationException e) {
                            // A store that cannot delete never will: do the short-term part, report.
                            deleteShortTerm(id);
                            throw e;
                        }
                    }
                    deleteShortTerm(id);
                    return true;
                }
            }
        }
        return deleted;
    }

    /** The task's history (with its series pointers and counter), then its record. */
    private void deleteShortTerm(String id) {
        shortTerm.deleteHistory(id);
        shortTerm.deleteTask(id);
    }

    private boolean deleteEvents(Task task, CleanupRule rule) {
        boolean deleted = false;
        Set<String> shortTermIds = ids(CleanupMatching.eventsToDelete(
                shortTerm.getEvents(task.id(), EventQuery.ALL), rule, task.completedAt()));
        if (!shortTermIds.isEmpty()) {
            shortTerm.deleteEvents(task.id(), shortTermIds);
            deleted = true;
        }
        if (longTerm != null) {
            Set<String> longTermIds = ids(CleanupMatching.eventsToDelete(
                    longTerm.getEvents(task.id(), EventQuery.ALL), rule, task.completedAt()));
            if (!longTermIds.isEmpty()) {
                longTerm.deleteEvents(task.id(), longTermIds);
                deleted = true;
            }
        }
        return deleted;
    }

    private static Set<String> ids(List<TaskEvent> events) {
        Set<String> out = new HashSet<>();
        for (TaskEvent e : events) {
            out.add(e.id());
        }
        return out;
    }
}

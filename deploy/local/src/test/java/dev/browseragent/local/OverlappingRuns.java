package dev.browseragent.local;

import dev.browseragent.testing.ModelPrompt;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catches a task that runs twice at once, from the scripted model's side. One run of a task asks the model one step
 * at a time, so two calls for the same task in progress together are two runs acting at once (say, a run that lost
 * its claim still acting beside the attempt that took the task over). Each call takes a moment, as a real model's
 * does, so that two runs' calls overlap even when their steps interleave. {@link #INTERLEAVED_ATTEMPTS_SQL} asks the
 * database the same of the steps each attempt recorded.
 */
public final class OverlappingRuns {

    /**
     * The same from the database's side: the tasks (their text) where a later attempt recorded a step before an
     * earlier attempt's last step, i.e. two attempts recorded steps at the same time.
     */
    public static final String INTERLEAVED_ATTEMPTS_SQL = """
            select distinct t.task from tasks t
            join (select task_id, attempt, min(created_at) as first_step, max(created_at) as last_step
                  from task_steps group by task_id, attempt) earlier on earlier.task_id = t.id
            join (select task_id, attempt, min(created_at) as first_step
                  from task_steps group by task_id, attempt) later
              on later.task_id = t.id and later.attempt > earlier.attempt and later.first_step < earlier.last_step
            order by t.task""";

    private final Pattern taskName;
    private final Duration callDuration;
    private final Map<String, AtomicInteger> callsInProgress = new ConcurrentHashMap<>();
    private final Set<String> runTwiceAtOnce = ConcurrentHashMap.newKeySet();

    /**
     * @param taskName     finds the task's own name in the prompt, e.g. {@code Soak task \d+}
     * @param callDuration how long each model call takes
     */
    public OverlappingRuns(Pattern taskName, Duration callDuration) {
        this.taskName = taskName;
        this.callDuration = callDuration;
    }

    /** The answer, given after the call's duration, during which the call counts as in progress for its task. */
    public Function<ModelPrompt, String> watch(Function<ModelPrompt, String> answer) {
        return prompt -> {
            String task = taskName(prompt);
            AtomicInteger calls = callsInProgress.computeIfAbsent(task, name -> new AtomicInteger());
            if (calls.incrementAndGet() > 1) {
                runTwiceAtOnce.add(task);
            }
            try {
                LockSupport.parkNanos(callDuration.toNanos()); // the model "thinking"
                return answer.apply(prompt);
            } finally {
                calls.decrementAndGet();
            }
        };
    }

    /** The name of the task the prompt is for. */
    public String taskName(ModelPrompt prompt) {
        Matcher matcher = taskName.matcher(prompt.userText());
        if (!matcher.find()) {
            throw new IllegalArgumentException("no task name like " + taskName + " in the prompt");
        }
        return matcher.group();
    }

    /** The tasks of which two calls were in progress at once, by name. */
    public Set<String> tasksRunTwiceAtOnce() {
        return new TreeSet<>(runTwiceAtOnce);
    }
}

package dev.browseragent.api.media;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The step screenshots of a task's current attempt as the worker recorded them (a storage key per step in
 * {@code task_steps}, the image in the object store), and the recordings of its runs ({@code task_recordings}).
 */
@ApplicationScoped
public class TaskMediaRepository {

    private final Pool pool;

    public TaskMediaRepository(Pool pool) {
        this.pool = pool;
    }

    /** The task's current attempt and status, if the task is the account's. */
    public Uni<Optional<TaskAttempt>> attempt(UUID accountId, UUID taskId) {
        return pool.preparedQuery("select attempt, status from tasks where id = $1 and account_id = $2")
                .execute(Tuple.of(taskId, accountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
                        .map(row -> new TaskAttempt(taskId, row.getInteger("attempt"), row.getString("status"))));
    }

    /** The numbers of the steps that have a screenshot, in order. */
    public Uni<List<Integer>> screenshotSteps(TaskAttempt task) {
        return pool.preparedQuery("""
                        select step from task_steps where task_id = $1 and attempt = $2 and screenshot_key is not null
                        order by step""")
                .execute(Tuple.of(task.taskId(), task.attempt()))
                .map(rows -> {
                    List<Integer> steps = new ArrayList<>();
                    rows.forEach(row -> steps.add(row.getInteger("step")));
                    return steps;
                });
    }

    /** The storage key of a step's screenshot, if the step has one. */
    public Uni<Optional<String>> screenshotKey(UUID taskId, int attempt, int step) {
        return pool.preparedQuery("select screenshot_key from task_steps where task_id = $1 and attempt = $2 and step = $3")
                .execute(Tuple.of(taskId, attempt, step))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty()
                        : Optional.ofNullable(rows.iterator().next().getString("screenshot_key")));
    }

    /** The storage keys of every screenshot of the attempt, in step order. */
    public Uni<List<String>> screenshotKeys(UUID taskId, int attempt) {
        return pool.preparedQuery("""
                        select screenshot_key from task_steps where task_id = $1 and attempt = $2
                        and screenshot_key is not null order by step""")
                .execute(Tuple.of(taskId, attempt))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(row.getString("screenshot_key")));
                    return keys;
                });
    }

    /** The attempts of the task that have a recording, in order. */
    public Uni<List<Integer>> recordedAttempts(UUID taskId) {
        return pool.preparedQuery("select attempt from task_recordings where task_id = $1 order by attempt")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    List<Integer> attempts = new ArrayList<>();
                    rows.forEach(row -> attempts.add(row.getInteger("attempt")));
                    return attempts;
                });
    }

    /** The storage key of an attempt's recording, if it has one. */
    public Uni<Optional<String>> recordingKey(UUID taskId, int attempt) {
        return pool.preparedQuery("select storage_key from task_recordings where task_id = $1 and attempt = $2")
                .execute(Tuple.of(taskId, attempt))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty()
                        : Optional.of(rows.iterator().next().getString("storage_key")));
    }

    public Uni<Optional<String>> status(UUID taskId) {
        return pool.preparedQuery("select status from tasks where id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("status")));
    }

    public record TaskAttempt(UUID taskId, int attempt, String status) {
    }
}

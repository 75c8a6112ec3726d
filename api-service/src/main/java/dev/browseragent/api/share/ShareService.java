package dev.browseragent.api.share;

import dev.browseragent.api.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads a task by its public share token, with the steps of its current attempt. */
@ApplicationScoped
public class ShareService {

    private final Pool pool;

    public ShareService(Pool pool) {
        this.pool = pool;
    }

    public Uni<SharedTask> find(String token) {
        return pool.preparedQuery("""
                        select id, attempt, task, status, output, failure_reason, created_at, finished_at
                        from tasks where public_share_token = $1""")
                .execute(Tuple.of(token))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Shared task not found");
                    }
                    Row task = rows.iterator().next();
                    return pool.preparedQuery("""
                                    select step, evaluation_previous_goal, next_goal, url from task_steps
                                    where task_id = $1 and attempt = $2 order by step""")
                            .execute(Tuple.of(task.getUUID("id"), task.getInteger("attempt")))
                            .map(stepRows -> {
                                List<SharedTask.Step> steps = new ArrayList<>();
                                stepRows.forEach(step -> steps.add(new SharedTask.Step(step.getInteger("step"),
                                        step.getString("evaluation_previous_goal"), step.getString("next_goal"),
                                        step.getString("url"))));
                                return new SharedTask(task.getString("task"), task.getString("status"),
                                        task.getString("output"), task.getString("failure_reason"),
                                        instant(task.getOffsetDateTime("created_at")),
                                        instant(task.getOffsetDateTime("finished_at")), steps);
                            });
                });
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

}

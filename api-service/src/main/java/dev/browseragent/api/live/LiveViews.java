package dev.browseragent.api.live;

import dev.browseragent.api.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Finds the task a live view's token opens: its live token (the full view, which may take control) or its share token
 * (the read-only view of the share page), only while the task runs or is paused. Anything else, a malformed token
 * included, is "not found": a token must not reveal whether a task exists.
 */
@ApplicationScoped
public class LiveViews {

    /** Tokens are base64url (see {@code ShareTokens}); anything else cannot name a task and costs no query. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final String NOT_FOUND = "Live view not found";

    private final Pool pool;

    public LiveViews(Pool pool) {
        this.pool = pool;
    }

    /** What the viewer came with: the task's live token, or its share token. */
    public enum Access {
        CONTROL("live_token"), READ_ONLY("public_share_token");

        private final String column;

        Access(String column) {
            this.column = column;
        }
    }

    /**
     * A task being watched.
     *
     * @param workerAddress where the worker running it serves live views; null while no worker holds it (a paused
     *                      task whose worker went away)
     */
    public record LiveTask(UUID id, UUID accountId, String workerAddress) {
    }

    /** The task the token opens; fails with a 404 {@link ApiException} when none does now. */
    public Uni<LiveTask> find(String token, Access access) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Uni.createFrom().failure(ApiException.notFound(NOT_FOUND));
        }
        return pool.preparedQuery("select id, account_id, worker_live_address, worker_id from tasks where " + access.column
                        + " = $1 and status in ('running', 'paused')")
                .execute(Tuple.of(token))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound(NOT_FOUND);
                    }
                    Row row = rows.iterator().next();
                    String worker = row.getString("worker_id") == null ? null : row.getString("worker_live_address");
                    return new LiveTask(row.getUUID("id"), row.getUUID("account_id"), worker);
                });
    }

    /**
     * What the viewer's page shows of the task beside the frames: its status, its latest step and whether a person
     * holds control.
     *
     * @param step 0 before the first step
     */
    public record TaskState(String status, int step, String nextGoal, String url, boolean controlHeld) {

        public boolean live() {
            return status.equals("running") || status.equals("paused");
        }
    }

    /** The task's state now; "not found" once the task is gone. */
    public Uni<TaskState> state(UUID taskId) {
        return pool.preparedQuery("""
                        select t.status, t.control_taken_at is not null as control_held, coalesce(s.step, 0) as step, coalesce(s.next_goal, '') as next_goal,
                               coalesce(s.url, '') as url
                        from tasks t left join lateral (
                            select step, next_goal, url from task_steps
                            where task_id = t.id and attempt = t.attempt order by step desc limit 1
                        ) s on true
                        where t.id = $1""")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new TaskState("deleted", 0, "", "", false);
                    }
                    Row row = rows.iterator().next();
                    return new TaskState(row.getString("status"), row.getInteger("step"), row.getString("next_goal"),
                            row.getString("url"), row.getBoolean("control_held"));
                });
    }
}

package dev.browseragent.api.share;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.file.FileService;
import dev.browseragent.api.media.MediaService;
import dev.browseragent.model.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads a task by its public share token, with the steps of its current attempt, their screenshots, the output files
 * and the GIF as signed URLs. A token that is not one this service could have made is not found either, without
 * reaching the database.
 */
@ApplicationScoped
public class ShareService {

    private final Pool pool;
    private final MediaService media;
    private final FileService files;

    public ShareService(Pool pool, MediaService media, FileService files) {
        this.pool = pool;
        this.media = media;
        this.files = files;
    }

    public Uni<SharedTask> find(String token) {
        if (!ShareTokens.isWellFormed(token)) {
            return Uni.createFrom().failure(notFound());
        }
        return pool.preparedQuery("""
                        select id, account_id, attempt, task, status, output, failure_reason, created_at, finished_at
                        from tasks where public_share_token = $1""")
                .execute(Tuple.of(token))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw notFound();
                    }
                    Row task = rows.iterator().next();
                    UUID id = task.getUUID("id");
                    int attempt = task.getInteger("attempt");
                    return pool.preparedQuery("""
                                    select step, evaluation_previous_goal, next_goal, url,
                                        screenshot_key is not null as has_screenshot
                                    from task_steps where task_id = $1 and attempt = $2 order by step""")
                            .execute(Tuple.of(id, attempt))
                            .map(stepRows -> {
                                List<SharedTask.Step> steps = new ArrayList<>();
                                stepRows.forEach(step -> steps.add(new SharedTask.Step(step.getInteger("step"),
                                        step.getString("evaluation_previous_goal"), step.getString("next_goal"),
                                        step.getString("url"), step.getBoolean("has_screenshot")
                                        ? media.screenshotUrl(id, attempt, step.getInteger("step")) : null)));
                                return steps;
                            })
                            .chain(steps -> files.outputFiles(task.getUUID("account_id"), id).chain(outputFiles -> {
                                TaskStatus status = TaskStatus.fromWireName(task.getString("status"));
                                boolean live = status == TaskStatus.RUNNING || status == TaskStatus.PAUSED;
                                // A running task's GIF is made anew from every screenshot at each fetch, and the
                                // page shows those screenshots already: the GIF comes once the task has ended.
                                boolean hasGif = status.isTerminal() && steps.stream().anyMatch(s -> s.screenshotUrl() != null);
                                return media.recordingUrls(id, status.isTerminal()).map(recordings -> new SharedTask(
                                        task.getString("task"), status, status.isTerminal(),
                                        task.getString("output"), task.getString("failure_reason"),
                                        instant(task.getOffsetDateTime("created_at")),
                                        instant(task.getOffsetDateTime("finished_at")), steps, outputFiles,
                                        hasGif ? media.gifUrl(id, attempt) : null, recordings,
                                        live ? ShareTokens.liveViewPath(token) : null));
                            }));
                });
    }

    private static ApiException notFound() {
        return ApiException.notFound("Shared task not found");
    }

    /** v1 timestamps carry milliseconds; PostgreSQL keeps microseconds. */
    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}

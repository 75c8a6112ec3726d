package dev.browseragent.api.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.database.LifecycleStatements;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.secret.SecretStorage;
import dev.browseragent.api.share.ShareTokens;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Problems;
import dev.browseragent.model.LlmModel;
import dev.browseragent.model.TaskOptions;
import dev.browseragent.model.TaskSearch;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.lifecycle.RequestKey;
import dev.browseragent.model.lifecycle.TaskLifecycle;
import dev.browseragent.model.lifecycle.TaskTransition;
import dev.browseragent.model.secret.SealedColumn;
import dev.browseragent.model.secret.SecretSealer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Creates tasks, reads them back for their account, and records stop/pause/resume and take/release-control requests,
 * each change through a
 * statement of the {@link TaskLifecycle} (which writes it together with its {@code task-events} record).
 */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);

    static final int DEFAULT_MAX_AGENT_STEPS = 75;

    private final Pool pool;
    private final TaskLifecycle lifecycle;
    private final ObjectMapper json;
    private final String shareBaseUrl;
    private final String liveBaseUrl;
    private final SecretStorage secrets;
    private final Vertx vertx;

    public TaskService(Pool pool, TaskLifecycle lifecycle, ObjectMapper json, ApiConfig config, SecretStorage secrets,
                       Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
        this.lifecycle = lifecycle;
        this.json = json;
        this.secrets = secrets;
        this.shareBaseUrl = config.publicBaseUrl().replaceAll("/+$", "") + "/share/";
        this.liveBaseUrl = config.publicBaseUrl().replaceAll("/+$", "") + "/live/";
    }

    /**
     * THE way a task comes to exist: checks the request's references to the account's browser profile and
     * uploads, applies the profile's defaults, and stores the task as {@code created} (admission dispatches it
     * when the account has a free slot). Fails with 404 (profile), 422 (uploads) or 402 (inactive account, no
     * credits).
     */
    public Uni<UUID> create(UUID accountId, RunTaskRequest request) {
        return create(accountId, request, null);
    }

    /**
     * As {@link #create(UUID, RunTaskRequest)}, storing the client's request key with the task; fails with
     * {@link RequestKey.Taken} when a live key of the same name already names a task.
     */
    public Uni<UUID> create(UUID accountId, RunTaskRequest request, RequestKey key) {
        return profileDefaults(accountId, request.browserProfileId)
                .call(profile -> requireUploads(accountId, request.includedFileNames))
                .chain(profile -> insert(accountId, request, profile, key, null));
    }

    /**
     * A search as a task of the account (the request holds its description and step limit, the v1 defaults for the
     * rest), which the worker runs as the {@link TaskSearch} says. Fails with 402 like {@link #create}.
     */
    public Uni<UUID> createSearch(UUID accountId, RunTaskRequest request, TaskSearch search) {
        return insert(accountId, request, ProfileDefaults.NONE, null, search);
    }

    private Uni<UUID> insert(UUID accountId, RunTaskRequest request, ProfileDefaults profile, RequestKey key,
                             TaskSearch search) {
        UUID id = UUID.randomUUID();
        Instant createdAt = Instant.now();
        String shareToken = Boolean.TRUE.equals(request.enablePublicShare) ? ShareTokens.generate() : null;
        // Every task has a live view; its token is as unguessable as a share token, and made the same way.
        String liveToken = ShareTokens.generate();
        TaskLifecycle.NewTask task = new TaskLifecycle.NewTask(id, accountId, request.task,
                Objects.requireNonNullElse(request.llmModel, LlmModel.DEFAULT.wireName()),
                Objects.requireNonNullElse(request.maxAgentSteps, DEFAULT_MAX_AGENT_STEPS),
                toJson(options(request, profile, search)), request.metadata == null ? null : toJson(request.metadata),
                createdAt.atOffset(ZoneOffset.UTC), shareToken, liveToken, secrets.sealSecrets(id, request.secrets), key);
        return LifecycleStatements.execute(pool, lifecycle.create(task)).chain(rows -> rows.size() == 1
                ? Uni.createFrom().item(id)
                : whyRefused(accountId));
    }

    /**
     * The insert wrote nothing: the account is inactive or out of credits (or was deleted meanwhile), or else the
     * request key was taken.
     */
    private Uni<UUID> whyRefused(UUID accountId) {
        return pool.preparedQuery("select active, credit_balance_cents from accounts where id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0 || !rows.iterator().next().getBoolean("active")) {
                        throw new ApiException(402, "An active subscription is required");
                    }
                    BigDecimal balance = rows.iterator().next().getBigDecimal("credit_balance_cents");
                    if (balance != null && balance.signum() <= 0) {
                        throw new ApiException(402, "Insufficient credits");
                    }
                    throw new RequestKey.Taken();
                });
    }

    /** What a browser profile sets for the fields a request leaves out; the v1 defaults without a profile. */
    record ProfileDefaults(boolean adBlocker, boolean proxy, String proxyCountryCode, int viewportWidth,
                           int viewportHeight) {
        static final ProfileDefaults NONE = new ProfileDefaults(true, true, TaskOptions.DEFAULT_PROXY_COUNTRY,
                TaskOptions.DEFAULT_VIEWPORT_WIDTH, TaskOptions.DEFAULT_VIEWPORT_HEIGHT);
    }

    private Uni<ProfileDefaults> profileDefaults(UUID accountId, String profileId) {
        if (profileId == null) {
            return Uni.createFrom().item(ProfileDefaults.NONE);
        }
        UUID id = parseId(profileId, "Browser profile not found");
        return pool.preparedQuery("select ad_blocker, proxy, proxy_country_code, browser_viewport_width, "
                        + "browser_viewport_height from browser_profiles where id = $1 and account_id = $2")
                .execute(Tuple.of(id, accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Browser profile not found");
                    }
                    Row row = rows.iterator().next();
                    return new ProfileDefaults(row.getBoolean("ad_blocker"), row.getBoolean("proxy"),
                            row.getString("proxy_country_code"), row.getInteger("browser_viewport_width"),
                            row.getInteger("browser_viewport_height"));
                });
    }

    /** Each included file must be one of the account's uploads: a 422 naming every one that is not. */
    private Uni<Void> requireUploads(UUID accountId, List<String> names) {
        if (names == null || names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("select file_name from files where account_id = $1 and task_id is null "
                        + "and file_name = any($2)")
                .execute(Tuple.of(accountId, names.toArray(new String[0])))
                .invoke(rows -> {
                    Set<String> uploaded = new HashSet<>();
                    rows.forEach(row -> uploaded.add(row.getString("file_name")));
                    Problems problems = new Problems();
                    for (int i = 0; i < names.size(); i++) {
                        if (!uploaded.contains(names.get(i))) {
                            problems.add(Loc.of("body", "included_file_names", i),
                                    "file not found among the account's uploads", "value_error.file_not_found");
                        }
                    }
                    problems.throwIfAny();
                })
                .replaceWithVoid();
    }

    public Uni<TaskView> find(UUID accountId, String taskId) {
        // The output files are read once the session has given its connection back: a request holding one pool
        // connection while it waits for another would, with enough of them at once, leave none for anybody.
        return Panache.withSession(() -> findTask(accountId, taskId).chain(task -> StepEntity.<StepEntity>list(
                                "taskId = ?1 and attempt = ?2 order by step", task.id, task.attempt)
                        .map(steps -> new TaskWithSteps(task, steps))))
                .chain(found -> outputFiles(found.task().id).map(files -> view(found.task(), found.steps(), files)));
    }

    private record TaskWithSteps(TaskEntity task, List<StepEntity> steps) {
    }

    @WithSession
    public Uni<TaskStatus> status(UUID accountId, String taskId) {
        return findTask(accountId, taskId).map(task -> task.status);
    }

    /** A page of the account's tasks (those in {@code status}, unless null), newest first; {@code page} is 1-based. */
    public Uni<TaskPage> list(UUID accountId, int page, int limit, TaskStatus status) {
        String statusName = status == null ? null : status.wireName();
        String listed = "from tasks where account_id = $1 and ($2::text is null or status = $2)";
        Uni<Long> total = pool.preparedQuery("select count(*) " + listed)
                .execute(Tuple.of(accountId, statusName)).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<TaskView.Summary>> tasks = pool.preparedQuery("select id, task, output, status, created_at, "
                        + "finished_at, live_token " + listed + " order by created_at desc, id desc limit $3 offset $4")
                .execute(Tuple.of(accountId, statusName, limit, (long) (page - 1) * limit))
                .map(rows -> {
                    List<TaskView.Summary> summaries = new ArrayList<>();
                    rows.forEach(row -> {
                        TaskStatus listedStatus = TaskStatus.fromWireName(row.getString("status"));
                        summaries.add(new TaskView.Summary(row.getUUID("id"), row.getString("task"),
                                row.getString("output"), listedStatus, TaskView.millis(instant(row, "created_at")),
                                TaskView.millis(instant(row, "finished_at")),
                                liveUrl(listedStatus, row.getString("live_token"))));
                    });
                    return summaries;
                });
        return Uni.combine().all().unis(total, tasks)
                .with((count, items) -> new TaskPage(items, (count + limit - 1) / limit, page, limit, count));
    }

    /** Stop: irreversible; a task already finished, failed or stopped stays as it is. */
    public Uni<Void> stop(UUID accountId, String taskId) {
        return request(accountId, taskId, TaskTransition.STOP)
                .chain(changed -> changed ? Uni.createFrom().voidItem() : currentStatus(accountId, taskId).replaceWithVoid());
    }

    public Uni<Void> pause(UUID accountId, String taskId) {
        return requestOr409(accountId, taskId, TaskTransition.PAUSE, "only a running task can be paused");
    }

    /**
     * Resume: a paused task goes on in the browser its worker kept or, when its run gave it up (its worker shut
     * down or died), waits for a new attempt that starts on the page the last one was on.
     */
    public Uni<Void> resume(UUID accountId, String taskId) {
        UUID id = parseId(taskId, "Task not found");
        return request(accountId, taskId, TaskTransition.RESUME)
                .chain(resumed -> resumed ? Uni.createFrom().item(true)
                        : LifecycleStatements.execute(pool, lifecycle.resumeParked(accountId, id))
                                .map(rows -> rows.size() == 1))
                .chain(resumed -> resumed ? Uni.createFrom().voidItem() : refuse(accountId, taskId,
                        "only a paused task can be resumed"));
    }

    /**
     * Take control: a person takes the browser of a task its worker holds (running, or paused with its browser); the
     * agent pauses at its next checkpoint and the live view's input reaches the page.
     */
    public Uni<Void> takeControl(UUID accountId, String taskId) {
        return requestOr409(accountId, taskId, TaskTransition.TAKE_CONTROL,
                "only a running task, or a paused one whose browser is still open, can be taken over");
    }

    /** Release control: the person hands the browser back and the agent goes on, told that a person acted. */
    public Uni<Void> releaseControl(UUID accountId, String taskId) {
        return requestOr409(accountId, taskId, TaskTransition.RELEASE_CONTROL,
                "only a task a person has taken control of can be handed back");
    }

    private Uni<Void> requestOr409(UUID accountId, String taskId, TaskTransition transition, String rule) {
        return request(accountId, taskId, transition).chain(changed -> changed
                ? Uni.createFrom().voidItem()
                : refuse(accountId, taskId, rule));
    }

    /** A 409 that names the task's status and the rule, or a 404 for a task the account does not have. */
    private Uni<Void> refuse(UUID accountId, String taskId, String rule) {
        return currentStatus(accountId, taskId).map(status -> {
            throw new ApiException(409, "Task is " + status.wireName() + "; " + rule);
        });
    }

    private Uni<Boolean> request(UUID accountId, String taskId, TaskTransition transition) {
        UUID id = parseId(taskId, "Task not found");
        return LifecycleStatements.execute(pool, lifecycle.request(transition, accountId, id))
                .map(rows -> rows.size() == 1);
    }

    /** How a task ended: its status, output and failure reason; null while it has not ended. */
    public Uni<TaskEnd> end(UUID taskId) {
        return pool.preparedQuery("select status, output, failure_reason from tasks where id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    TaskStatus status = TaskStatus.fromWireName(row.getString("status"));
                    return status.isTerminal()
                            ? new TaskEnd(status, row.getString("output"), row.getString("failure_reason")) : null;
                });
    }

    /** A task's end state, as {@link #end} reads it. */
    public record TaskEnd(TaskStatus status, String output, String failureReason) {
    }

    /**
     * Waits for a task to end, looking at it every {@code interval} (one small query, answered by the database, so on
     * any replica): its end state, or null when {@code limit} passed first. Each pause is a Vert.x timer on the
     * caller's context, so what the caller chains after it may use the reactive session.
     */
    public Uni<TaskEnd> awaitEnd(UUID taskId, Duration interval, Duration limit) {
        return awaitEnd(taskId, interval, System.nanoTime() + limit.toNanos());
    }

    private Uni<TaskEnd> awaitEnd(UUID taskId, Duration interval, long deadline) {
        return end(taskId).chain(end -> end != null || System.nanoTime() >= deadline ? Uni.createFrom().item(end)
                : Uni.createFrom().<Void>emitter(paused -> vertx.setTimer(interval.toMillis(), timer -> paused.complete(null)))
                        .chain(() -> awaitEnd(taskId, interval, deadline)));
    }

    private Uni<TaskStatus> currentStatus(UUID accountId, String taskId) {
        return LifecycleStatements.execute(pool, lifecycle.status(accountId, parseId(taskId, "Task not found")))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Task not found");
                    }
                    return TaskStatus.fromWireName(rows.iterator().next().getString("status"));
                });
    }

    /** Another account's task is "not found" too: ids must not reveal what exists. */
    private Uni<TaskEntity> findTask(UUID accountId, String taskId) {
        UUID id = parseId(taskId, "Task not found");
        return TaskEntity.<TaskEntity>findById(id)
                .map(task -> {
                    if (task == null || !task.accountId.equals(accountId)) {
                        throw ApiException.notFound("Task not found");
                    }
                    return task;
                });
    }

    private Uni<List<String>> outputFiles(UUID taskId) {
        return pool.preparedQuery("select file_name from files where task_id = $1 order by created_at, file_name")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString("file_name")));
                    return names;
                });
    }

    private TaskView view(TaskEntity task, List<StepEntity> steps, List<String> outputFiles) {
        TaskOptions options = fromJson(task.options, TaskOptions.class);
        return new TaskView(task.id, task.task, liveUrl(task.status, task.liveToken), task.output, task.status,
                TaskView.millis(task.createdAt),
                TaskView.millis(task.finishedAt),
                steps.stream().map(s -> new TaskView.StepView(s.id, s.step, s.evaluationPreviousGoal, s.nextGoal, s.url))
                        .toList(),
                browserData(task),
                options.includedFileNames(),
                outputFiles.isEmpty() ? null : outputFiles,
                task.publicShareToken == null ? null : shareBaseUrl + task.publicShareToken,
                task.metadata, task.failureReason);
    }

    /** The task's live view while it runs or is paused; none before or after, when there is nothing to watch. */
    private String liveUrl(TaskStatus status, String liveToken) {
        boolean live = status == TaskStatus.RUNNING || status == TaskStatus.PAUSED;
        return live && liveToken != null ? liveBaseUrl + liveToken : null;
    }

    /** The cookies the task saved; none when they cannot be opened (their key was retired), which the log says. */
    private JsonNode browserData(TaskEntity task) {
        if (task.sealedBrowserData == null) {
            return null;
        }
        try {
            return fromJson(secrets.open(SealedColumn.TASK_BROWSER_DATA.row(task.id), task.sealedBrowserData),
                    JsonNode.class);
        } catch (SecretSealer.SealedValueException e) {
            LOG.warnf("Task %s: its saved cookies cannot be opened: %s", task.id, e.getMessage());
            return null;
        }
    }

    private static TaskOptions options(RunTaskRequest request, ProfileDefaults profile, TaskSearch search) {
        return new TaskOptions(
                request.allowedDomains,
                request.browserProfileId,
                Boolean.TRUE.equals(request.saveBrowserData),
                request.structuredOutputJson,
                Objects.requireNonNullElse(request.useAdblock, profile.adBlocker()),
                Objects.requireNonNullElse(request.useProxy, profile.proxy()),
                Objects.requireNonNullElse(request.proxyCountryCode, profile.proxyCountryCode()),
                !Boolean.FALSE.equals(request.highlightElements),
                request.includedFileNames,
                Objects.requireNonNullElse(request.browserViewportWidth, profile.viewportWidth()),
                Objects.requireNonNullElse(request.browserViewportHeight, profile.viewportHeight()),
                Boolean.TRUE.equals(request.enablePublicShare),
                search);
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static UUID parseId(String id, String notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(notFound);
        }
    }


    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Task values are always serialisable", e);
        }
    }

    private <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored task JSON is unreadable", e);
        }
    }
}

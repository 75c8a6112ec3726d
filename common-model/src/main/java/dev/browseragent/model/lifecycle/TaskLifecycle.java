package dev.browseragent.model.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.model.TaskEvent;
import dev.browseragent.model.TaskStatus;
import dev.browseragent.model.Topics;
import dev.browseragent.model.lifecycle.NamedStatement.Bound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one owner of every write to {@code tasks} (and of the steps a run records): each {@link TaskTransition}
 * and each fenced write of a run is a named statement here, written together with the {@code task-events} record
 * that announces it, in one statement. The api-service runs them on its reactive client
 * ({@link NamedStatement#numberedSql()}), the worker over JDBC ({@link JdbcStatements}); neither writes task SQL of
 * its own.
 * <p>
 * A task's sealed secrets are erased by every transition that ends it: nothing needs them after the run.
 * <p>
 * A run's writes are fenced by its {@link RunClaim}: {@link #FENCE} holds only while the task is still
 * {@code running} or {@code paused} for this worker and this attempt and its lease has not expired by the
 * database's clock. A stopped task, one reaped after an expired lease, or one handed to another worker is never
 * overwritten.
 */
public final class TaskLifecycle {

    /** Held by the worker: running or paused for it, the lease unexpired by the database's clock. */
    private static final String HELD = "worker_id = :worker_id and status in ('running', 'paused')"
            + " and lease_expires_at > now()";

    /** The condition every write of a run checks: {@link #HELD} by its worker, for its attempt. */
    public static final String FENCE = "id = :task_id and attempt = :attempt and " + HELD;

    /**
     * The PostgreSQL notification channel of the client's requests (stop, pause, resume, take and release control);
     * the payload is the task id. The workers listen on it.
     */
    public static final String CONTROL_CHANNEL = "task_control";


    /**
     * {@link TaskTransition#CREATE}: the task row, its event and its request key (if any) in one statement. The row
     * is written only while the account is active and has credits, and only if the request key is new or expired;
     * the insert trigger charges the task price. Returns the id, or no row when refused.
     */
    public static final NamedStatement CREATE = announced("create", """
            account as (
                select a.id from accounts a
                where a.id = :account_id and a.active and (a.credit_balance_cents is null or a.credit_balance_cents > 0)
            ), request_key as (
                insert into task_request_keys (account_id, source, request_key, body_hash, task_id)
                select id, :key_source, :request_key, :body_hash, :task_id from account where :request_key::text is not null
                on conflict (account_id, source, request_key) do update
                    set body_hash = excluded.body_hash, task_id = excluded.task_id, created_at = now()
                    where task_request_keys.created_at < now() - make_interval(secs => :key_retention_seconds)
                returning task_id
            ), changed as (
                insert into tasks (id, account_id, task, status, llm_model, max_agent_steps, options, metadata,
                                   created_at, public_share_token, live_token, secrets)
                select :task_id, id, :task, 'created', :llm_model, :max_agent_steps, :options::text::jsonb,
                       :metadata::text::jsonb, :created_at, :share_token, :live_token, :secrets
                from account
                where :request_key::text is null or exists (select 1 from request_key)
                returning id""", "select id from changed");

    /**
     * {@link TaskTransition#PAUSE}, {@link TaskTransition#RESUME}, {@link TaskTransition#STOP},
     * {@link TaskTransition#TAKE_CONTROL} and {@link TaskTransition#RELEASE_CONTROL}, asked by the task's account: the
     * status and its event when the task is in one of the states the transition leaves (for a resume or a takeover,
     * held by a worker; for a release, under a person's control), and a notification on {@link #CONTROL_CHANNEL} so
     * that the worker holding the task acts at once rather than at its next heartbeat. Only a takeover leaves
     * {@code control_taken_at} set. Returns the id, or no row when the task is another account's, unknown or in
     * another state.
     */
    public static final NamedStatement REQUEST = announced("request", """
            changed as (
                update tasks set status = :status,
                                 finished_at = case when :terminal then now() else finished_at end,
                                 secrets = case when :terminal then null else secrets end,
                                 control_taken_at = case when :take_control then coalesce(control_taken_at, now()) end
                where id = :task_id and account_id = :account_id and status = any(:from_statuses)
                  and (not :held_only or worker_id is not null)
                  and (not :controlled_only or control_taken_at is not null)
                returning id""", "select id from changed, lateral (select pg_notify('" + CONTROL_CHANNEL
            + "', changed.id::text)) notified");

    /**
     * {@link TaskTransition#RESUME_PARKED}: a paused task whose run gave it up waits again as {@code created}, to
     * run a new attempt that starts on the page the last recorded step was on ({@code resume_url}). Returns the id,
     * or no row when the task is another account's, unknown, or not paused without a worker.
     */
    public static final NamedStatement RESUME_PARKED = announced("resume-parked", """
            changed as (
                update tasks set status = 'created', dispatched_at = null,
                    resume_url = (select s.url from task_steps s where s.task_id = tasks.id and s.url <> ''
                                  order by s.attempt desc, s.step desc limit 1)
                where id = :task_id and account_id = :account_id and status = 'paused' and worker_id is null
                returning id""", "select id from changed");

    /**
     * Dispatches {@code created} tasks (an outbox row for the {@code tasks} topic, and {@code dispatched_at}) in
     * creation order per account, up to each account's free running slots: slots used are its running and paused
     * tasks and its created tasks already dispatched. {@code :account_ids} limits the pass to those accounts
     * ({@code null}: every account). The waiting tasks of an account are read only up to its free slots, so a
     * long queue costs nothing. Returns the dispatched task ids (the outbox rows' keys, not their own ids).
     */
    public static final NamedStatement DISPATCH = new NamedStatement("dispatch", """
            with due as (
                select t.id from accounts a
                cross join lateral (
                    select w.id, w.created_at from tasks w
                    where w.account_id = a.id and w.status = 'created' and w.dispatched_at is null
                    order by w.created_at, w.id
                    limit greatest(0, a.max_running_tasks - (
                        select count(*) from tasks u where u.account_id = a.id
                        and (u.status in ('running', 'paused') or (u.status = 'created' and u.dispatched_at is not null))))
                ) t
                where (:account_ids::uuid[] is null or a.id = any(:account_ids::uuid[]))
                order by t.created_at, t.id
                limit :batch_size
            ), dispatched as (
                update tasks set dispatched_at = now() from due
                where tasks.id = due.id and tasks.status = 'created' and tasks.dispatched_at is null
                returning tasks.id, tasks.created_at, tasks.dispatched_at
            )
            insert into outbox (topic, message_key, payload)
            select '{tasks_topic}', id::text, jsonb_build_object('task_id', id, 'dispatched_at',
                   to_char(dispatched_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            from dispatched order by created_at, id
            returning message_key::uuid as id""".replace("{tasks_topic}", Topics.TASKS));

    /**
     * {@link TaskTransition#CLAIM}: a {@code created} task becomes this worker's next attempt, with a lease and the
     * address where this worker serves the task's live view. Returns what the agent needs, or no row when the task is
     * already claimed, ended or unknown.
     */
    public static final NamedStatement CLAIM = announced("claim", """
            changed as (
                update tasks set status = 'running', worker_id = :worker_id, attempt = attempt + 1,
                    worker_live_address = :live_address,
                    lease_expires_at = now() + :lease_millis * interval '1 millisecond',
                    started_at = coalesce(started_at, now())
                where id = :task_id and status = 'created'
                returning id, task, llm_model, max_agent_steps, options::text as options, attempt, resume_url""",
            "select task, llm_model, max_agent_steps, options, attempt, resume_url from changed");

    /**
     * Extends the leases of a worker's runs (parallel arrays of task ids and attempts), all in one statement, and
     * returns each run the fence still holds with the status the client asks for and whether a person holds its browser;
     * a run missing from the answer has lost its claim.
     */
    public static final NamedStatement HEARTBEAT = new NamedStatement("heartbeat", """
            update tasks set lease_expires_at = now() + :lease_millis * interval '1 millisecond'
            where (id, attempt) in (select * from unnest(:task_ids::uuid[], :attempts::int[])) and {held}
            returning id, status, control_taken_at is not null as controlled""".replace("{held}", HELD));

    /** A step of the run, with its event, while the fence holds. Returns one row when recorded. */
    public static final NamedStatement RECORD_STEP = announced("record-step", """
            held as (
                select id from tasks where {fence} for update
            ), changed as (
                insert into task_steps (task_id, attempt, step, id, evaluation_previous_goal, memory, next_goal, url,
                                        actions, screenshot_key, observe_ms, model_ms, act_ms, input_tokens,
                                        output_tokens)
                select id, :attempt, :step, :step_id, :evaluation_previous_goal, :memory, :next_goal, :url,
                       :actions::text::jsonb, :screenshot_key, :observe_ms, :model_ms, :act_ms, :input_tokens, :output_tokens
                from held
                returning task_id as id""", "select id from changed");

    /** {@link TaskTransition#END}: the run's end state, output and reason with its event, while the fence holds. */
    public static final NamedStatement END = announced("end", """
            changed as (
                update tasks set status = :status, output = :output, failure_reason = :failure_reason,
                    finished_at = now(), lease_expires_at = null, secrets = null, control_taken_at = null
                where {fence}
                returning id""", "select id from changed");

    /**
     * The run gives its task up (its worker shuts down): {@link TaskTransition#HAND_BACK} for a running task, which
     * waits again as {@code created}, without a dispatch, so admission dispatches it anew in its turn;
     * {@link TaskTransition#PARK} for a paused one, which stays paused without a worker until the client resumes or
     * stops it. The attempt's steps stay (the next attempt writes its own). Returns the id when given up.
     */
    public static final NamedStatement HAND_BACK = announced("hand-back", """
            parked as (
                update tasks set worker_id = null, lease_expires_at = null, control_taken_at = null
                where {fence} and status = 'paused'
                returning id
            ), changed as (
                update tasks set status = 'created', worker_id = null, lease_expires_at = null, dispatched_at = null
                where {fence} and status = 'running'
                returning id""", "select id from changed union all select id from parked");

    /**
     * The held tasks whose lease expired, locked for this reaper; rows another reaper is handling are skipped, so
     * replicas never reap the same task twice. Run in one transaction with {@link #REQUEUE_EXPIRED} or
     * {@link #FAIL_EXPIRED} for each row.
     */
    public static final NamedStatement EXPIRED_LEASES = new NamedStatement("expired-leases", """
            select id, attempt, status from tasks
            where status in ('running', 'paused') and lease_expires_at <= now()
            order by lease_expires_at limit :batch_size for update skip locked""");

    /**
     * {@link TaskTransition#REQUEUE_EXPIRED}: a running task waits again as {@code created}, without a dispatch;
     * {@link TaskTransition#PARK}: a paused one stays paused, without a worker.
     */
    public static final NamedStatement REQUEUE_EXPIRED = announced("requeue-expired", """
            parked as (
                update tasks set worker_id = null, lease_expires_at = null, control_taken_at = null
                where id = :task_id and status = 'paused' and lease_expires_at <= now()
                returning id
            ), changed as (
                update tasks set status = 'created', worker_id = null, lease_expires_at = null, dispatched_at = null
                where id = :task_id and status = 'running' and lease_expires_at <= now()
                returning id""", "select id from changed union all select id from parked");

    /** {@link TaskTransition#FAIL_EXPIRED}: a running task fails with the reason, at the attempt limit. */
    public static final NamedStatement FAIL_EXPIRED = announced("fail-expired", """
            changed as (
                update tasks set status = 'failed', failure_reason = :failure_reason, finished_at = now(),
                    lease_expires_at = null, secrets = null
                where id = :task_id and status = 'running' and lease_expires_at <= now()
                returning id""", "select id from changed");

    /**
     * Queues for a new dispatch the {@code created} tasks whose dispatch is older than {@code :unclaimed_millis}
     * and that no worker claimed (the record was lost, or read by a worker that died before claiming). Returns their
     * ids.
     */
    public static final NamedStatement REDISPATCH_UNCLAIMED = new NamedStatement("redispatch-unclaimed", """
            update tasks set dispatched_at = null where id in (
                select id from tasks
                where status = 'created' and dispatched_at is not null
                  and dispatched_at < now() - :unclaimed_millis * interval '1 millisecond'
                order by dispatched_at limit :batch_size for update skip locked)
            returning id""");

    /**
     * The browser's cookies as the task's {@code browser_data} (sealed {@code {"cookies": [...]}} for the task's row),
     * while the fence holds.
     */
    public static final NamedStatement SAVE_BROWSER_DATA = new NamedStatement("save-browser-data",
            "update tasks set sealed_browser_data = :sealed_browser_data where " + FENCE);

    /** Tasks whose cookies were stored plain, before V12 sealed them: what {@link #SEAL_PLAIN_BROWSER_DATA} seals. */
    public static final NamedStatement PLAIN_BROWSER_DATA = new NamedStatement("plain-browser-data",
            "select id, browser_data::text as browser_data from tasks where browser_data is not null limit :batch_size");

    /** Replaces a task's plain cookies with the same cookies sealed. */
    public static final NamedStatement SEAL_PLAIN_BROWSER_DATA = new NamedStatement("seal-plain-browser-data", """
            update tasks set sealed_browser_data = :sealed_browser_data, browser_data = null
            where id = :task_id and browser_data is not null""");

    /**
     * A file the run produced (a download) as one of the task's output files, in the task's account, while the
     * fence holds; a later file of the same name replaces it. Returns the file's id when recorded.
     */
    public static final NamedStatement SAVE_OUTPUT_FILE = new NamedStatement("save-output-file", """
            insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key)
            select :file_id, account_id, id, :file_name, :content_type, :size_bytes, :storage_key from tasks
            where {fence}
            on conflict (task_id, file_name) where task_id is not null
            do update set content_type = excluded.content_type, size_bytes = excluded.size_bytes,
                          storage_key = excluded.storage_key
            returning id""".replace("{fence}", FENCE));

    /**
     * The video of the run's browser session as one of the task's recordings (one per attempt), its bytes already in
     * the object store, while the fence holds. Returns the task's id when recorded.
     */
    public static final NamedStatement SAVE_RECORDING = new NamedStatement("save-recording", """
            insert into task_recordings (task_id, attempt, storage_key, content_type, size_bytes, duration_ms)
            select id, attempt, :storage_key, :content_type, :size_bytes, :duration_ms from tasks
            where {fence}
            returning task_id as id""".replace("{fence}", FENCE));

    /**
     * The state of the task's browser profile (sealed), saved into the profile if it is persisted, belongs to the
     * task's account, and the fence holds. Returns the profile's id when saved.
     */
    public static final NamedStatement SAVE_PROFILE_STATE = new NamedStatement("save-profile-state", """
            update browser_profiles set browser_state = :browser_state, updated_at = now()
            where id = :profile_id and persist and account_id = (select account_id from tasks where {fence})
            returning id""".replace("{fence}", FENCE));

    /** The status of the account's task; no row when the task is another account's or unknown. */
    public static final NamedStatement STATUS = new NamedStatement("status",
            "select status from tasks where id = :task_id and account_id = :account_id");

    /**
     * A live viewer of a task this worker holds, as the worker checks it: the token is the task's live token (the
     * viewer may take control) or its share token (read-only). No row when the token is another task's, or the task is
     * not held by this worker.
     */
    public static final NamedStatement LIVE_VIEWER = new NamedStatement("live-viewer", """
            select live_token = :token as may_control from tasks
            where id = :task_id and worker_id = :worker_id and status in ('running', 'paused')
              and (live_token = :token or public_share_token = :token)""");

    /**
     * Whether a person holds control of a task this worker holds (the task is paused for them): only then does the
     * worker take a live viewer's input. One row when they do.
     */
    public static final NamedStatement CONTROL_HELD = new NamedStatement("control-held", """
            select id from tasks where id = :task_id and worker_id = :worker_id and status = 'paused'
              and control_taken_at is not null""");

    /** Tasks waiting to run. */
    public static final NamedStatement COUNT_QUEUED = new NamedStatement("count-queued",
            "select count(*) from tasks where status = 'created'");

    /** Every statement, for the tests that run each against PostgreSQL. */
    private static final Set<TaskTransition> CLIENT_REQUESTS = EnumSet.of(TaskTransition.PAUSE, TaskTransition.RESUME,
            TaskTransition.STOP, TaskTransition.TAKE_CONTROL, TaskTransition.RELEASE_CONTROL);

    public static final List<NamedStatement> ALL = List.of(CREATE, REQUEST, RESUME_PARKED, DISPATCH, CLAIM, HEARTBEAT,
            RECORD_STEP, END, HAND_BACK, EXPIRED_LEASES, REQUEUE_EXPIRED, FAIL_EXPIRED, REDISPATCH_UNCLAIMED, SAVE_BROWSER_DATA,
            PLAIN_BROWSER_DATA, SEAL_PLAIN_BROWSER_DATA, SAVE_OUTPUT_FILE, SAVE_RECORDING, SAVE_PROFILE_STATE, STATUS, LIVE_VIEWER, CONTROL_HELD,
            COUNT_QUEUED);

    private final ObjectMapper json;

    /** @param json the service's mapper, which writes the events as the published schema says */
    public TaskLifecycle(ObjectMapper json) {
        this.json = json;
    }

    /** A task to create; {@code requestKey} is null when the client sent none. */
    public record NewTask(UUID id, UUID accountId, String task, String llmModel, int maxAgentSteps, String optionsJson,
                          String metadataJson, OffsetDateTime createdAt, String shareToken, String liveToken,
                          byte[] sealedSecrets, RequestKey requestKey) {
    }

    public Bound create(NewTask task) {
        RequestKey key = task.requestKey();
        Map<String, Object> values = new HashMap<>();
        values.put("task_id", task.id());
        values.put("account_id", task.accountId());
        values.put("task", task.task());
        values.put("llm_model", task.llmModel());
        values.put("max_agent_steps", task.maxAgentSteps());
        values.put("options", task.optionsJson());
        values.put("metadata", task.metadataJson());
        values.put("created_at", task.createdAt());
        values.put("share_token", task.shareToken());
        values.put("live_token", task.liveToken());
        values.put("secrets", task.sealedSecrets());
        values.put("key_source", key == null ? null : key.source());
        values.put("request_key", key == null ? null : key.key());
        values.put("body_hash", key == null ? null : key.bodyHash());
        values.put("key_retention_seconds", key == null ? 0.0 : key.retentionSeconds());
        values.put("event", event(TaskEvent.status(task.id(), TaskStatus.CREATED, null)));
        return CREATE.bind(values);
    }

    /**
     * {@link TaskTransition#PAUSE}, {@link TaskTransition#RESUME}, {@link TaskTransition#STOP},
     * {@link TaskTransition#TAKE_CONTROL} or {@link TaskTransition#RELEASE_CONTROL}.
     */
    public Bound request(TaskTransition transition, UUID accountId, UUID taskId) {
        if (!CLIENT_REQUESTS.contains(transition)) {
            throw new IllegalArgumentException(transition + " is not for a client to ask");
        }
        TaskStatus to = transition.target();
        Map<String, Object> values = new HashMap<>();
        values.put("task_id", taskId);
        values.put("account_id", accountId);
        values.put("status", to.wireName());
        values.put("terminal", to.isTerminal());
        values.put("from_statuses", transition.fromWireNames());
        values.put("held_only", transition == TaskTransition.RESUME || transition == TaskTransition.TAKE_CONTROL
                || transition == TaskTransition.RELEASE_CONTROL);
        values.put("take_control", transition == TaskTransition.TAKE_CONTROL);
        values.put("controlled_only", transition == TaskTransition.RELEASE_CONTROL);
        String control = switch (transition) {
            case TAKE_CONTROL -> TaskEvent.CONTROL_TAKEN;
            case RELEASE_CONTROL -> TaskEvent.CONTROL_RELEASED;
            default -> null;
        };
        values.put("event", event(TaskEvent.status(taskId, to, null).withControl(control)));
        return REQUEST.bind(values);
    }

    /** {@link TaskTransition#RESUME_PARKED}, asked by the task's account. */
    public Bound resumeParked(UUID accountId, UUID taskId) {
        return RESUME_PARKED.bind(Map.of("task_id", taskId, "account_id", accountId,
                "event", event(TaskEvent.status(taskId, TaskStatus.CREATED, null))));
    }

    /** @param accountIds the accounts to look at, or null for every account with waiting tasks */
    public Bound dispatch(UUID[] accountIds, int batchSize) {
        Map<String, Object> values = new HashMap<>();
        values.put("account_ids", accountIds);
        values.put("batch_size", batchSize);
        return DISPATCH.bind(values);
    }

    /** @param liveAddress where this worker serves live views ({@code http://host:port}), null when it serves none */
    public Bound claim(UUID taskId, String workerId, String liveAddress, Duration lease) {
        Map<String, Object> values = new HashMap<>();
        values.put("task_id", taskId);
        values.put("worker_id", workerId);
        values.put("live_address", liveAddress);
        values.put("lease_millis", lease.toMillis());
        values.put("event", event(TaskEvent.status(taskId, TaskStatus.RUNNING, null)));
        return CLAIM.bind(values);
    }

    /** The heartbeat of runs of one worker. */
    public Bound heartbeat(Collection<RunClaim> claims, Duration lease) {
        String workerId = claims.stream().map(RunClaim::workerId).distinct()
                .reduce((one, other) -> {
                    throw new IllegalArgumentException("one heartbeat is for the runs of one worker");
                })
                .orElseThrow(() -> new IllegalArgumentException("a heartbeat needs a run"));
        return HEARTBEAT.bind(Map.of("worker_id", workerId, "lease_millis", lease.toMillis(),
                "task_ids", claims.stream().map(RunClaim::taskId).toArray(UUID[]::new),
                "attempts", claims.stream().map(RunClaim::attempt).toArray(Integer[]::new)));
    }

    /** A step as the run records it; text fields may be null (stored as empty). */
    public record StepRow(int number, String evaluationPreviousGoal, String memory, String nextGoal, String url,
                          String actionsJson, String screenshotKey, long observeMillis, long modelMillis,
                          long actMillis, int inputTokens, int outputTokens) {
    }

    public Bound recordStep(RunClaim claim, StepRow step) {
        Map<String, Object> values = fence(claim);
        values.put("step", step.number());
        UUID stepId = UUID.randomUUID();
        values.put("step_id", stepId);
        values.put("evaluation_previous_goal", nullToEmpty(step.evaluationPreviousGoal()));
        values.put("memory", nullToEmpty(step.memory()));
        values.put("next_goal", nullToEmpty(step.nextGoal()));
        values.put("url", nullToEmpty(step.url()));
        values.put("actions", step.actionsJson() == null ? "[]" : step.actionsJson());
        values.put("screenshot_key", step.screenshotKey());
        values.put("observe_ms", step.observeMillis());
        values.put("model_ms", step.modelMillis());
        values.put("act_ms", step.actMillis());
        values.put("input_tokens", step.inputTokens());
        values.put("output_tokens", step.outputTokens());
        values.put("event", event(TaskEvent.step(claim.taskId(), TaskStatus.RUNNING, step.number(), stepId)));
        return RECORD_STEP.bind(values);
    }

    /** @param status finished, failed, or stopped by the worker itself */
    public Bound end(RunClaim claim, TaskStatus status, String output, String failureReason) {
        if (!TaskTransition.END.to().contains(status)) {
            throw new IllegalArgumentException("A run cannot end as " + status.wireName());
        }
        Map<String, Object> values = fence(claim);
        values.put("status", status.wireName());
        values.put("output", output);
        values.put("failure_reason", failureReason);
        values.put("event", event(TaskEvent.status(claim.taskId(), status, failureReason)));
        return END.bind(values);
    }

    public Bound handBack(RunClaim claim) {
        Map<String, Object> values = fence(claim);
        values.put("event", event(TaskEvent.status(claim.taskId(), TaskStatus.CREATED, null)));
        return HAND_BACK.bind(values);
    }

    public Bound expiredLeases(int batchSize) {
        return EXPIRED_LEASES.bind(Map.of("batch_size", batchSize));
    }

    public Bound requeueExpired(UUID taskId) {
        return REQUEUE_EXPIRED.bind(Map.of("task_id", taskId,
                "event", event(TaskEvent.status(taskId, TaskStatus.CREATED, null))));
    }

    /** @param attempts the attempts the task had, all of them interrupted */
    public Bound failExpired(UUID taskId, int attempts) {
        String reason = "The task was interrupted " + attempts + (attempts == 1 ? " time" : " times")
                + " (its worker stopped responding); giving up";
        return FAIL_EXPIRED.bind(Map.of("task_id", taskId, "failure_reason", reason,
                "event", event(TaskEvent.status(taskId, TaskStatus.FAILED, reason))));
    }

    public Bound redispatchUnclaimed(Duration unclaimedFor, int batchSize) {
        return REDISPATCH_UNCLAIMED.bind(Map.of("unclaimed_millis", unclaimedFor.toMillis(), "batch_size", batchSize));
    }

    /** @param sealedBrowserData {@code {"cookies": [...]}}, sealed for the task's row of {@code tasks.browser_data} */
    public Bound saveBrowserData(RunClaim claim, byte[] sealedBrowserData) {
        Map<String, Object> values = fence(claim);
        values.put("sealed_browser_data", sealedBrowserData);
        return SAVE_BROWSER_DATA.bind(values);
    }

    /** An output file's row, its bytes already in the object store under {@code storageKey}. */
    public record OutputFile(String fileName, String contentType, long sizeBytes, String storageKey) {
    }

    public Bound saveOutputFile(RunClaim claim, OutputFile file) {
        Map<String, Object> values = fence(claim);
        values.put("file_id", UUID.randomUUID());
        values.put("file_name", file.fileName());
        values.put("content_type", file.contentType());
        values.put("size_bytes", file.sizeBytes());
        values.put("storage_key", file.storageKey());
        return SAVE_OUTPUT_FILE.bind(values);
    }

    /** A run's recording, its bytes already in the object store under {@code storageKey}. */
    public record Recording(String contentType, long sizeBytes, Duration duration, String storageKey) {
    }

    public Bound saveRecording(RunClaim claim, Recording recording) {
        Map<String, Object> values = fence(claim);
        values.put("storage_key", recording.storageKey());
        values.put("content_type", recording.contentType());
        values.put("size_bytes", recording.sizeBytes());
        values.put("duration_ms", recording.duration().toMillis());
        return SAVE_RECORDING.bind(values);
    }

    public Bound saveProfileState(RunClaim claim, UUID profileId, byte[] sealedState) {
        Map<String, Object> values = fence(claim);
        values.put("profile_id", profileId);
        values.put("browser_state", sealedState);
        return SAVE_PROFILE_STATE.bind(values);
    }

    public Bound plainBrowserData(int batchSize) {
        return PLAIN_BROWSER_DATA.bind(Map.of("batch_size", batchSize));
    }

    public Bound sealPlainBrowserData(UUID taskId, byte[] sealedBrowserData) {
        return SEAL_PLAIN_BROWSER_DATA.bind(Map.of("task_id", taskId, "sealed_browser_data", sealedBrowserData));
    }

    public Bound status(UUID accountId, UUID taskId) {
        return STATUS.bind(Map.of("task_id", taskId, "account_id", accountId));
    }

    public Bound liveViewer(UUID taskId, String workerId, String token) {
        return LIVE_VIEWER.bind(Map.of("task_id", taskId, "worker_id", workerId, "token", token));
    }

    public Bound controlHeld(UUID taskId, String workerId) {
        return CONTROL_HELD.bind(Map.of("task_id", taskId, "worker_id", workerId));
    }

    public Bound countQueued() {
        return COUNT_QUEUED.bind(Map.of());
    }

    /**
     * A statement whose CTEs end in {@code changed} (the changed task rows, with their {@code id}), followed by the
     * {@code task-events} record of each changed row, then {@code select}. {@code {fence}} stands for {@link #FENCE}.
     */
    /**
     * A statement whose {@code changed} rows are announced: each gets its {@code task-events} outbox row and its row in
     * the task's event log ({@code task_event_log}, which the event stream reads). Every such statement locks the
     * task's row before it writes the log, which keeps each task's log in commit order.
     */
    private static NamedStatement announced(String name, String ctes, String select) {
        return new NamedStatement(name, "with " + ctes.replace("{fence}", FENCE) + "\n), event as (\n"
                + "    insert into outbox (topic, message_key, payload)\n"
                + "    select '" + Topics.TASK_EVENTS + "', id::text, :event::text::jsonb from changed\n"
                + "), logged as (\n"
                + "    insert into task_event_log (task_id, payload) select id, :event::text::jsonb from changed\n)\n"
                + select);
    }

    private static Map<String, Object> fence(RunClaim claim) {
        Map<String, Object> values = new HashMap<>();
        values.put("task_id", claim.taskId());
        values.put("worker_id", claim.workerId());
        values.put("attempt", claim.attempt());
        return values;
    }

    private String event(TaskEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Task events are always serialisable", e);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}

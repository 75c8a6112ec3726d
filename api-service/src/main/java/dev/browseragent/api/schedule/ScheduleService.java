package dev.browseragent.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.profile.RequestBodies;
import dev.browseragent.api.task.RunTaskRequest;
import dev.browseragent.api.task.RunTaskValidator;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Paging;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Scheduled tasks of an account: create, read, list, partial update, delete. Another account's is "not found". */
@ApplicationScoped
public class ScheduleService {

    static final String NOT_FOUND = "Scheduled task not found";
    private static final Set<String> SCHEDULE_FIELDS = Set.of("schedule_type", "interval_minutes", "cron_expression",
            "start_at", "end_at", "is_active");

    private final RequestBodies bodies;
    private final RunTaskValidator runTasks;

    public ScheduleService(RequestBodies bodies, RunTaskValidator runTasks) {
        this.bodies = bodies;
        this.runTasks = runTasks;
    }

    @WithTransaction
    public Uni<ScheduleCreated> create(UUID accountId, ObjectNode body) {
        Checked checked = check(body);
        ScheduleEntity schedule = new ScheduleEntity();
        schedule.id = UUID.randomUUID();
        schedule.accountId = accountId;
        schedule.createdAt = Instant.now();
        apply(checked, schedule);
        return schedule.persist().replaceWith(new ScheduleCreated(schedule.id));
    }

    @WithSession
    public Uni<ObjectNode> find(UUID accountId, String scheduleId) {
        return schedule(accountId, scheduleId).map(this::view);
    }

    @WithSession
    public Uni<ScheduleList> list(UUID accountId, Paging paging) {
        var query = ScheduleEntity.<ScheduleEntity>find("accountId", Sort.descending("createdAt").and("id"), accountId);
        return query.count().chain(total -> query.page(paging.page() - 1, paging.limit()).list()
                .map(schedules -> new ScheduleList(schedules.stream().map(this::view).toList(),
                        paging.totalPages(total), paging.page(), paging.limit(), total)));
    }

    /** Fields absent or null in the body keep their value; the next run is worked out again. */
    @WithTransaction
    public Uni<ObjectNode> update(UUID accountId, String scheduleId, ObjectNode body) {
        return schedule(accountId, scheduleId).map(schedule -> {
            apply(check(bodies.merged(storedBody(schedule), body)), schedule);
            return view(schedule);
        });
    }

    @WithTransaction
    public Uni<Void> delete(UUID accountId, String scheduleId) {
        return schedule(accountId, scheduleId).chain(ScheduleEntity::delete);
    }

    /** The run-task part of a stored schedule, as the scheduler hands it to the task service. */
    RunTaskRequest runTaskRequest(ScheduleEntity schedule) {
        return bodies.read(bodies.object(schedule.request), RunTaskRequest.class);
    }

    private Checked check(ObjectNode body) {
        RunTaskRequest runTask = runTaskPart(body);
        ScheduleFields fields = bodies.validated(bodies.read(body, ScheduleFields.class));
        List<ValidationProblem> problems = new ArrayList<>();
        if (runTask.secrets != null && !runTask.secrets.isEmpty()) {
            problems.add(new ValidationProblem(List.of("body", "secrets"),
                    "secrets are not supported on scheduled tasks", "value_error.not_supported"));
        }
        if (fields.scheduleType == null) {
            problems.add(new ValidationProblem(List.of("body", "schedule_type"), "field required", "value_error.missing"));
        } else if (fields.scheduleType.equals(ScheduleTimes.INTERVAL)) {
            if (fields.intervalMinutes == null) {
                problems.add(new ValidationProblem(List.of("body", "interval_minutes"), "field required", "value_error.missing"));
            }
        } else if (fields.scheduleType.equals(ScheduleTimes.CRON)) {
            cronProblem(fields.cronExpression, problems);
        } else {
            problems.add(new ValidationProblem(List.of("body", "schedule_type"),
                    "value is not a valid enumeration member; permitted: 'interval', 'cron'", "type_error.enum"));
        }
        Instant startAt = timestamp("start_at", fields.startAt, problems);
        Instant endAt = timestamp("end_at", fields.endAt, problems);
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            problems.add(new ValidationProblem(List.of("body", "end_at"), "end_at must be after start_at", "value_error.end_at"));
        }
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
        return new Checked(runTask, fields, startAt, endAt);
    }

    /**
     * The run-task fields of a schedule obey the run-task rules: they are checked here, and only here, by the
     * run-task validator.
     */
    private RunTaskRequest runTaskPart(ObjectNode body) {
        ObjectNode runTask = body.deepCopy();
        runTask.remove(SCHEDULE_FIELDS);
        return runTasks.require(runTask, Loc.of("body"));
    }

    private static void cronProblem(String expression, List<ValidationProblem> problems) {
        List<Object> loc = List.of("body", "cron_expression");
        if (expression == null) {
            problems.add(new ValidationProblem(loc, "field required", "value_error.missing"));
            return;
        }
        try {
            ScheduleTimes.parseCron(expression);
        } catch (IllegalArgumentException e) {
            problems.add(new ValidationProblem(loc, "invalid cron expression (five fields: minute hour day-of-month month"
                    + " day-of-week): " + e.getMessage(), "value_error.cron"));
        }
    }

    private static Instant timestamp(String field, String text, List<ValidationProblem> problems) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new ValidationProblem(List.of("body", field),
                    "invalid datetime format (ISO-8601 with an offset, e.g. 2026-11-28T18:20:00Z)", "value_error.datetime"));
            return null;
        }
    }

    private void apply(Checked checked, ScheduleEntity schedule) {
        ObjectNode request = (ObjectNode) bodies.tree(checked.runTask());
        request.remove("secrets");
        schedule.request = request.toString();
        schedule.scheduleType = checked.fields().scheduleType;
        boolean interval = schedule.scheduleType.equals(ScheduleTimes.INTERVAL);
        schedule.intervalMinutes = interval ? checked.fields().intervalMinutes : null;
        schedule.cronExpression = interval ? null : checked.fields().cronExpression;
        schedule.startAt = checked.startAt();
        schedule.endAt = checked.endAt();
        schedule.isActive = checked.fields().isActive == null || checked.fields().isActive;
        Instant now = Instant.now();
        schedule.nextRunAt = schedule.isActive ? schedule.times().firstRunFrom(now).orElse(null) : null;
        schedule.updatedAt = now;
    }

    /** The schedule as a body, for merging a partial update onto. */
    private ObjectNode storedBody(ScheduleEntity schedule) {
        ObjectNode body = bodies.object(schedule.request);
        body.put("schedule_type", schedule.scheduleType);
        body.put("interval_minutes", schedule.intervalMinutes);
        body.put("cron_expression", schedule.cronExpression);
        body.set("start_at", time(schedule.startAt));
        body.set("end_at", time(schedule.endAt));
        body.put("is_active", schedule.isActive);
        return body;
    }

    /** The run-task fields, the scheduling fields and the schedule's state ({@code next_run_at}, the last run). */
    private ObjectNode view(ScheduleEntity schedule) {
        ObjectNode view = bodies.object(schedule.request);
        view.put("id", schedule.id.toString());
        view.setAll(storedBody(schedule));
        view.set("next_run_at", time(schedule.nextRunAt));
        view.set("last_run_at", time(schedule.lastRunAt));
        view.put("last_task_id", schedule.lastTaskId == null ? null : schedule.lastTaskId.toString());
        view.put("last_error", schedule.lastError);
        view.set("created_at", time(schedule.createdAt));
        view.set("updated_at", time(schedule.updatedAt));
        return view;
    }

    private JsonNode time(Instant instant) {
        return instant == null ? NullNode.instance : TextNode.valueOf(instant.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    private static Uni<ScheduleEntity> schedule(UUID accountId, String scheduleId) {
        UUID id;
        try {
            id = UUID.fromString(scheduleId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ApiException.notFound(NOT_FOUND));
        }
        return ScheduleEntity.<ScheduleEntity>find("id = ?1 and accountId = ?2", id, accountId).firstResult()
                .map(schedule -> {
                    if (schedule == null) {
                        throw ApiException.notFound(NOT_FOUND);
                    }
                    return schedule;
                });
    }

    private record Checked(RunTaskRequest runTask, ScheduleFields fields, Instant startAt, Instant endAt) {
    }

    public record ScheduleCreated(UUID id) {
    }

    public record ScheduleList(
            @Schema(type = SchemaType.ARRAY, implementation = ScheduledTaskSchemas.View.class) List<ObjectNode> scheduledTasks,
            int totalPages, int page, int limit, long totalCount) {
    }
}

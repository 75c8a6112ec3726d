package dev.browseragent.api.schedule;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.task.TaskService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Starts due scheduled runs. Each run is one transaction that claims the schedule row ({@code for update skip
 * locked}, so replicas never take the same one), creates the task and moves {@code next_run_at} on: a due run starts
 * exactly one task however many replicas look at once.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);
    private static final String CLAIM_DUE = """
            select * from scheduled_tasks where is_active and next_run_at <= now() and (end_at is null or next_run_at <= end_at)
            order by next_run_at limit 1 for update skip locked""";
    private static final String CLAIM_ONE = """
            select * from scheduled_tasks where id = ?1 and is_active and next_run_at <= now()
            for update skip locked""";

    private final ScheduleService schedules;
    private final TaskService tasks;
    private final ApiConfig.Schedules config;

    public ScheduleRunner(ScheduleService schedules, TaskService tasks, ApiConfig config) {
        this.schedules = schedules;
        this.tasks = tasks;
        this.config = config.schedules();
    }

    @Scheduled(every = "${browser-agent.schedules.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> startDueRuns() {
        return Multi.createBy().repeating().uni(this::startNextDueRun).whilst(started -> started)
                .select().first(config.batchSize())
                .collect().last()
                .replaceWithVoid();
    }

    /** Starts the task of one due schedule; false when none is due (or all due ones are being started elsewhere). */
    Uni<Boolean> startNextDueRun() {
        AtomicReference<UUID> claimed = new AtomicReference<>();
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(CLAIM_DUE, ScheduleEntity.class).getResultList())
                        .chain(due -> {
                            if (due.isEmpty()) {
                                return Uni.createFrom().item(false);
                            }
                            ScheduleEntity schedule = due.get(0);
                            claimed.set(schedule.id);
                            return tasks.create(schedule.accountId, schedules.runTaskRequest(schedule))
                                    .map(taskId -> {
                                        Instant now = Instant.now();
                                        schedule.lastTaskId = taskId;
                                        schedule.lastRunAt = now;
                                        schedule.lastError = null;
                                        schedule.nextRunAt = schedule.times().nextRunAfter(now).orElse(null);
                                        LOG.infof("Scheduled task %s started its run as task %s", schedule.id, taskId);
                                        return true;
                                    });
                        }))
                .onFailure(failure -> claimed.get() != null)
                .recoverWithUni(failure -> skipFailedRun(claimed.get(), failure));
    }

    /**
     * A run whose task cannot be created (its browser profile was deleted, the account has no credits...) is
     * skipped with the reason in {@code last_error}; the schedule carries on with its next run.
     */
    private Uni<Boolean> skipFailedRun(UUID scheduleId, Throwable failure) {
        String reason = reason(failure);
        LOG.infof("Scheduled task %s could not start its run: %s", scheduleId, reason);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM_ONE, ScheduleEntity.class)
                        .setParameter(1, scheduleId).getResultList())
                .map(due -> {
                    due.forEach(schedule -> {
                        schedule.lastError = reason;
                        schedule.nextRunAt = schedule.times().nextRunAfter(Instant.now()).orElse(null);
                    });
                    return true;
                }));
    }

    private static String reason(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.getMessage();
        }
        if (failure instanceof RequestValidationException invalid) {
            return invalid.problems().stream().map(ScheduleRunner::describe).collect(Collectors.joining("; "));
        }
        LOG.error("Unexpected failure while starting a scheduled run", failure);
        return "the task could not be started";
    }

    private static String describe(ValidationProblem problem) {
        List<Object> field = problem.loc().subList(1, problem.loc().size());
        return field.stream().map(Object::toString).collect(Collectors.joining(".")) + ": " + problem.msg();
    }
}

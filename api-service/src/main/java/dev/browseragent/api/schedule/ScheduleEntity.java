package dev.browseragent.api.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code scheduled_tasks}. */
@Entity
@Table(name = "scheduled_tasks")
public class ScheduleEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** The run-task fields as JSON text (never secrets). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String request;

    @Column(name = "schedule_type", nullable = false)
    public String scheduleType;

    @Column(name = "interval_minutes")
    public Integer intervalMinutes;

    @Column(name = "cron_expression")
    public String cronExpression;

    @Column(name = "start_at")
    public Instant startAt;

    @Column(name = "end_at")
    public Instant endAt;

    @Column(name = "is_active", nullable = false)
    public boolean isActive;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "last_task_id")
    public UUID lastTaskId;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    ScheduleTimes times() {
        return new ScheduleTimes(scheduleType, intervalMinutes, cronExpression, createdAt, startAt, endAt);
    }
}

package dev.browseragent.api.schedule;

import dev.browseragent.api.task.RunTaskSettings;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * How the OpenAPI document shows scheduled tasks. The resource reads bodies as JSON trees and answers with the stored
 * one (see {@link ScheduleService}), so these classes only describe them: the run-task fields but {@code secrets}
 * (which a schedule refuses), the scheduling fields and, in an answer, the schedule's state.
 */
final class ScheduledTaskSchemas {

    private ScheduledTaskSchemas() {
    }

    /** A partial update: fields left out (or null) keep their value. */
    @Schema(name = "ScheduledTaskUpdate")
    static class Update extends RunTaskSettings {
        @Schema(minLength = 1, maxLength = 50_000)
        public String task;
        @Schema(enumeration = {ScheduleTimes.INTERVAL, ScheduleTimes.CRON})
        public String scheduleType;
        @Schema(nullable = true, description = "required for interval schedules", minimum = "1", maximum = "525600")
        public Integer intervalMinutes;
        @Schema(nullable = true, description = "required for cron schedules: five fields, evaluated in UTC", maxLength = 200)
        public String cronExpression;
        @Schema(nullable = true, format = "date-time")
        public String startAt;
        @Schema(nullable = true, format = "date-time")
        public String endAt;
        @Schema(defaultValue = "true")
        public Boolean isActive;
    }

    /** A new schedule. */
    @Schema(name = "ScheduledTaskCreate", requiredProperties = {"task", "schedule_type"})
    static class Create extends Update {
    }

    /** A schedule as the API answers it: every field present, null where unset. */
    @Schema(name = "ScheduledTaskView")
    static class View extends Update {
        public UUID id;
        @Schema(nullable = true)
        public Instant nextRunAt;
        @Schema(nullable = true)
        public Instant lastRunAt;
        @Schema(nullable = true)
        public UUID lastTaskId;
        @Schema(nullable = true)
        public String lastError;
        public Instant createdAt;
        public Instant updatedAt;
    }
}

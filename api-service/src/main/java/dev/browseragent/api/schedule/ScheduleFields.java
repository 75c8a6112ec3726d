package dev.browseragent.api.schedule;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** The scheduling fields of a scheduled task's body (the rest are the run-task fields). */
public class ScheduleFields {

    public String scheduleType;

    /** At most a year. */
    @Min(1)
    @Max(525_600)
    public Integer intervalMinutes;

    @Size(max = 200)
    public String cronExpression;

    /** ISO-8601 with an offset or {@code Z}. */
    public String startAt;

    public String endAt;

    public Boolean isActive;
}

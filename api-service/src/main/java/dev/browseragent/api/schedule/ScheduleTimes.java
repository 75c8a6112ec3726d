package dev.browseragent.api.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * When a schedule runs. An interval schedule runs at {@code anchor + k × interval} (k ≥ 0), the anchor being
 * {@code start_at} or else the schedule's creation; a cron schedule (five Unix fields, UTC) at the expression's times
 * from {@code start_at} on. Nothing runs after {@code end_at}. Runs missed while no replica was up are not made up:
 * the next run is the next time to come.
 */
public record ScheduleTimes(String scheduleType, Integer intervalMinutes, String cronExpression, Instant anchor,
                            Instant startAt, Instant endAt) {

    static final String INTERVAL = "interval";
    static final String CRON = "cron";

    private static final CronParser CRON_PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** The parsed expression; an invalid one throws {@link IllegalArgumentException} with the reason. */
    static Cron parseCron(String expression) {
        return CRON_PARSER.parse(expression).validate();
    }

    /** The first run at or after {@code now}: at creation, or when a schedule is changed or made active again. */
    public Optional<Instant> firstRunFrom(Instant now) {
        return bounded(INTERVAL.equals(scheduleType) ? intervalAtOrAfter(now) : cronAfter(now.minusSeconds(1)));
    }

    /** The run after one that happened at {@code now}. */
    public Optional<Instant> nextRunAfter(Instant now) {
        return bounded(INTERVAL.equals(scheduleType) ? intervalAtOrAfter(now.plusMillis(1)) : cronAfter(now));
    }

    private Instant intervalAtOrAfter(Instant time) {
        Instant start = startAt != null ? startAt : anchor;
        if (!time.isAfter(start)) {
            return start;
        }
        long period = Duration.ofMinutes(intervalMinutes).toMillis();
        long elapsed = Duration.between(start, time).toMillis();
        long periods = (elapsed + period - 1) / period;
        return start.plusMillis(periods * period);
    }

    private Instant cronAfter(Instant time) {
        Instant from = startAt != null && startAt.minusSeconds(1).isAfter(time) ? startAt.minusSeconds(1) : time;
        return ExecutionTime.forCron(parseCron(cronExpression)).nextExecution(from.atZone(ZoneOffset.UTC))
                .map(next -> next.toInstant()).orElse(null);
    }

    private Optional<Instant> bounded(Instant run) {
        return run == null || (endAt != null && run.isAfter(endAt)) ? Optional.empty() : Optional.of(run);
    }
}

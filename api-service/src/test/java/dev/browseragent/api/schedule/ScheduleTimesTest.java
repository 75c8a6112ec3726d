package dev.browseragent.api.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScheduleTimesTest {

    private static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void anIntervalScheduleRunsAtOnceThenEveryIntervalFromItsCreation() {
        ScheduleTimes times = new ScheduleTimes("interval", 30, null, CREATED, null, null);
        assertEquals(Optional.of(CREATED), times.firstRunFrom(CREATED));
        assertEquals(Optional.of(at("10:30:00")), times.nextRunAfter(CREATED));
        assertEquals(Optional.of(at("11:00:00")), times.nextRunAfter(at("10:30:00")));
        assertEquals(Optional.of(at("11:00:00")), times.nextRunAfter(at("10:31:10")), "a late run keeps the rhythm");
        assertEquals(Optional.of(at("12:30:00")), times.nextRunAfter(at("12:05:00")), "missed runs are not made up");
        assertEquals(Optional.of(at("10:30:00")), times.firstRunFrom(at("10:12:00")), "made active again");
    }

    @Test
    void anIntervalScheduleStartsAtStartAt() {
        ScheduleTimes times = new ScheduleTimes("interval", 60, null, CREATED, at("14:15:00"), null);
        assertEquals(Optional.of(at("14:15:00")), times.firstRunFrom(CREATED));
        assertEquals(Optional.of(at("15:15:00")), times.nextRunAfter(at("14:15:00")));

        ScheduleTimes started = new ScheduleTimes("interval", 60, null, CREATED, at("08:15:00"), null);
        assertEquals(Optional.of(at("10:15:00")), started.firstRunFrom(CREATED));
    }

    @Test
    void noRunIsAfterEndAt() {
        ScheduleTimes times = new ScheduleTimes("interval", 60, null, CREATED, null, at("11:00:00"));
        assertEquals(Optional.of(at("11:00:00")), times.nextRunAfter(CREATED), "end_at itself is included");
        assertEquals(Optional.empty(), times.nextRunAfter(at("11:00:00")));

        ScheduleTimes cron = new ScheduleTimes("cron", null, "0 12 * * *", CREATED, null, at("11:59:00"));
        assertEquals(Optional.empty(), cron.firstRunFrom(CREATED));
    }

    @Test
    void aCronScheduleRunsAtItsTimesInUtcFromStartAtOn() {
        ScheduleTimes daily = new ScheduleTimes("cron", null, "*/15 9-17 * * *", CREATED, null, null);
        assertEquals(Optional.of(at("10:00:00")), daily.firstRunFrom(CREATED), "10:00 itself matches");
        assertEquals(Optional.of(at("10:15:00")), daily.nextRunAfter(at("10:00:00")));
        assertEquals(Optional.of(at("10:15:00")), daily.firstRunFrom(at("10:00:01")));

        ScheduleTimes weekdays = new ScheduleTimes("cron", null, "*/15 9-17 * * 1-5", CREATED, null, null);
        assertEquals(Optional.of(Instant.parse("2026-11-30T09:00:00Z")), weekdays.firstRunFrom(CREATED),
                "2026-11-29 is a Sunday");

        ScheduleTimes later = new ScheduleTimes("cron", null, "0 * * * *", CREATED, at("13:00:00"), null);
        assertEquals(Optional.of(at("13:00:00")), later.firstRunFrom(CREATED));
        assertEquals(Optional.of(at("13:00:00")), later.nextRunAfter(CREATED));
    }

    @Test
    void invalidCronExpressionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleTimes.parseCron("not cron"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleTimes.parseCron("61 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleTimes.parseCron("* * * *"));
        ScheduleTimes.parseCron("0 9 * * MON-FRI");
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-29T" + time + "Z");
    }
}

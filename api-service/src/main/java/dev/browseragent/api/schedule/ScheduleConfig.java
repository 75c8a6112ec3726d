package dev.browseragent.api.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduler that starts scheduled tasks. Env: {@code BROWSER_AGENT_SCHEDULES_*}. */
@ConfigMapping(prefix = "browser-agent.schedules")
public interface ScheduleConfig {

    /** How often each replica looks for due scheduled runs (a run starts at most this late). */
    @WithDefault("10s")
    String pollInterval();

    /** The most due runs one look starts; the rest wait for the next look. */
    @WithDefault("100")
    int batchSize();
}

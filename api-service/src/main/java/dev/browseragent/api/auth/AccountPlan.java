package dev.browseragent.api.auth;

import io.vertx.mutiny.sqlclient.Row;

import java.util.UUID;

/** What an API request needs to know about its account: who it is, whether it may start tasks, its limits. */
public record AccountPlan(UUID accountId, boolean active, int maxRunningTasks, int maxQueuedTasks, int requestsPerMinute) {

    /** The columns {@link #of} reads, for queries over {@code accounts a}. */
    public static final String COLUMNS = "a.id, a.active, a.max_running_tasks, a.max_queued_tasks, a.requests_per_minute";

    public static AccountPlan of(Row row) {
        return new AccountPlan(row.getUUID("id"), row.getBoolean("active"), row.getInteger("max_running_tasks"),
                row.getInteger("max_queued_tasks"), row.getInteger("requests_per_minute"));
    }
}

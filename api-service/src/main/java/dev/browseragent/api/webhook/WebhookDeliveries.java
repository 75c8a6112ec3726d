package dev.browseragent.api.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code webhook_deliveries} table: what is due, how each attempt went, and the accounts' view of it. */
@ApplicationScoped
public class WebhookDeliveries {

    /**
     * A delivery claimed for one attempt, with the account's current webhook settings (null when removed): its URL
     * and its signing secret, sealed for the account's row.
     */
    record Claimed(long id, UUID accountId, String body, int attempts, String url, byte[] sealedSecret) {
    }

    /** One delivery as its account sees it (never the secret). */
    public record View(long id, UUID taskId, String type, String status, String state, int attempts,
                       @Schema(nullable = true) Integer lastStatusCode, @Schema(nullable = true) String lastError,
                       Instant createdAt, @Schema(nullable = true) Instant nextAttemptAt,
                       @Schema(nullable = true) Instant deliveredAt) {
    }

    /** A page of deliveries, newest first, shaped like the v1 task list. */
    public record Page(List<View> deliveries, int totalPages, int page, int limit, long totalCount) {
    }

    private final Pool pool;

    public WebhookDeliveries(Pool pool) {
        this.pool = pool;
    }

    /** Queues a delivery unless one with this event key exists (Kafka delivered the event twice); true if queued. */
    Uni<Boolean> enqueue(UUID accountId, UUID taskId, String type, String status, String eventKey, String body) {
        return pool.preparedQuery("""
                        insert into webhook_deliveries (account_id, task_id, event_type, status, event_key, body)
                        values ($1, $2, $3, $4, $5, $6) on conflict (account_id, event_key) do nothing""")
                .execute(Tuple.from(new Object[]{accountId, taskId, type, status, eventKey, body}))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims due deliveries for one attempt each (a lease of {@code lease}, so another replica leaves them alone):
     * only the oldest pending one of each task, and per account no more than {@code perAccount} minus what it has in
     * flight already ({@code inFlight}), oldest first.
     */
    Uni<List<Claimed>> claimDue(Map<UUID, Integer> inFlight, int perAccount, int batch, Duration lease) {
        UUID[] accounts = inFlight.keySet().toArray(new UUID[0]);
        Integer[] used = new Integer[accounts.length];
        for (int i = 0; i < accounts.length; i++) {
            used[i] = inFlight.get(accounts[i]);
        }
        return pool.preparedQuery("""
                        update webhook_deliveries w set locked_until = now() + $5 * interval '1 millisecond'
                        from (
                            select ranked.id, a.webhook_url, a.sealed_webhook_secret
                            from (
                                select d.id, d.account_id,
                                       row_number() over (partition by d.account_id order by d.id) as n
                                from webhook_deliveries d
                                where d.state = 'pending' and d.next_attempt_at <= now()
                                  and (d.locked_until is null or d.locked_until < now())
                                  and not exists (select 1 from webhook_deliveries e
                                                  where e.task_id = d.task_id and e.state = 'pending' and e.id < d.id)
                            ) ranked
                            join accounts a on a.id = ranked.account_id
                            where ranked.n <= $3 - coalesce((select u.used from unnest($1::uuid[], $2::int[]) as u(account, used)
                                                              where u.account = ranked.account_id), 0)
                            order by ranked.id
                            limit $4
                        ) due
                        where w.id = due.id and w.state = 'pending' and (w.locked_until is null or w.locked_until < now())
                        returning w.id, w.account_id, w.body, w.attempts, due.webhook_url, due.sealed_webhook_secret""")
                .execute(Tuple.from(new Object[]{accounts, used, perAccount, batch, lease.toMillis()}))
                .map(WebhookDeliveries::claimed);
    }

    Uni<Void> delivered(long id, int statusCode) {
        return pool.preparedQuery("""
                        update webhook_deliveries set state = 'delivered', attempts = attempts + 1, last_status_code = $2,
                            last_error = null, delivered_at = now(), locked_until = null
                        where id = $1""")
                .execute(Tuple.of(id, statusCode))
                .replaceWithVoid();
    }

    /**
     * Records a failed attempt: the delivery is retried after {@code backoff × 2^(attempts so far)}, or given up
     * ({@code failed}) once it has had {@code maxRetries} retries, or at once when {@code final} is set.
     */
    Uni<Void> failed(long id, Integer statusCode, String error, int maxRetries, Duration backoff, boolean giveUp) {
        return pool.preparedQuery("""
                        update webhook_deliveries set attempts = attempts + 1, last_status_code = $2, last_error = $3,
                            locked_until = null,
                            state = case when $6 or attempts + 1 > $4 then 'failed' else 'pending' end,
                            next_attempt_at = now() + $5 * power(2, attempts) * interval '1 millisecond'
                        where id = $1""")
                .execute(Tuple.from(new Object[]{id, statusCode, error, maxRetries, backoff.toMillis(), giveUp}))
                .replaceWithVoid();
    }

    public Uni<Page> page(UUID accountId, int page, int limit) {
        Uni<Long> count = pool.preparedQuery("select count(*) from webhook_deliveries where account_id = $1")
                .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<View>> views = pool.preparedQuery("""
                        select id, task_id, event_type, status, state, attempts, last_status_code, last_error,
                               created_at, next_attempt_at, delivered_at
                        from webhook_deliveries where account_id = $1 order by id desc limit $2 offset $3""")
                .execute(Tuple.of(accountId, limit, (page - 1) * limit))
                .map(WebhookDeliveries::views);
        return Uni.combine().all().unis(count, views).asTuple().map(both -> new Page(both.getItem2(),
                (int) Math.max(1, (both.getItem1() + limit - 1) / limit), page, limit, both.getItem1()));
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
        List<Claimed> claimed = new ArrayList<>();
        for (Row row : rows) {
            claimed.add(new Claimed(row.getLong("id"), row.getUUID("account_id"), row.getString("body"),
                    row.getInteger("attempts"), row.getString("webhook_url"), sealedSecret(row)));
        }
        return claimed;
    }

    private static byte[] sealedSecret(Row row) {
        Buffer sealed = row.getBuffer("sealed_webhook_secret");
        return sealed == null ? null : sealed.getBytes();
    }

    private static List<View> views(RowSet<Row> rows) {
        List<View> views = new ArrayList<>();
        for (Row row : rows) {
            views.add(new View(row.getLong("id"), row.getUUID("task_id"), row.getString("event_type"),
                    row.getString("status"), row.getString("state"), row.getInteger("attempts"),
                    row.getInteger("last_status_code"), row.getString("last_error"), instant(row, "created_at"),
                    instant(row, "next_attempt_at"), instant(row, "delivered_at")));
        }
        return views;
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}

package dev.browseragent.api.webhook;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.secret.SecretStorage;
import dev.browseragent.model.secret.SealedColumn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sets and removes an account's webhook; setting one queues the v1 {@code test} event to it. The signing secret is
 * stored sealed for the account's row (503 when the server has no encryption keys).
 */
@ApplicationScoped
public class WebhookService {

    private final Pool pool;
    private final WebhookTargets targets;
    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final SecretStorage secrets;

    public WebhookService(Pool pool, WebhookTargets targets, WebhookDeliveries deliveries, WebhookDispatcher dispatcher,
                          SecretStorage secrets) {
        this.pool = pool;
        this.secrets = secrets;
        this.targets = targets;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    /** @throws RequestValidationException a 422 on {@code url} when the URL may not be a webhook target */
    public Uni<Void> set(UUID accountId, WebhookSettings settings) {
        return targets.resolve(settings.url())
                .onFailure(WebhookTargets.RefusedTarget.class).transform(refused -> new RequestValidationException(List.of(
                        new ValidationProblem(List.of("body", "url"), refused.getMessage(), "value_error.url"))))
                .chain(() -> pool.preparedQuery("""
                                update accounts set webhook_url = $2, sealed_webhook_secret = $3, webhook_secret = null
                                where id = $1""")
                        .execute(Tuple.of(accountId, settings.url(), Buffer.buffer(
                                secrets.seal(SealedColumn.ACCOUNT_WEBHOOK_SECRET.row(accountId), settings.secret())))))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("Account not found");
                    }
                    return deliveries.enqueue(accountId, null, WebhookBodies.TEST, null, "test:" + UUID.randomUUID(),
                            WebhookBodies.test(Instant.now()));
                })
                .invoke(dispatcher::deliverSoon)
                .replaceWithVoid();
    }

    public Uni<Void> remove(UUID accountId) {
        return pool.preparedQuery("""
                        update accounts set webhook_url = null, sealed_webhook_secret = null, webhook_secret = null
                        where id = $1""")
                .execute(Tuple.of(accountId))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("Account not found");
                    }
                })
                .replaceWithVoid();
    }
}

package dev.browseragent.api.webhook;

import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.database.SerialPasses;
import dev.browseragent.api.secret.SecretStorage;
import dev.browseragent.model.secret.SealedColumn;
import dev.browseragent.model.secret.SecretSealer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends due webhook deliveries. Sends never block one another: each is an asynchronous POST with a timeout, and an
 * account has at most {@code max-in-flight-per-account} of them open, so a slow or dead endpoint holds only its own
 * account's slots. A task's deliveries go one at a time, oldest first; a failed one waits in the database for its
 * retry (back-off doubling) and holds back only the later events of the same task.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 200;
    /** Extra lease beyond the timeout, so a delivery still being answered is never claimed twice. */
    private static final Duration LEASE_SLACK = Duration.ofSeconds(30);

    private final WebhookDeliveries deliveries;
    private final WebhookTargets targets;
    private final ApiConfig.Webhooks config;
    private final HttpClient http;
    private final Map<UUID, Integer> inFlight = new ConcurrentHashMap<>();
    private final SerialPasses passes;
    private final SecretStorage secrets;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookTargets targets, ApiConfig apiConfig, Vertx vertx,
                             SecretStorage secrets) {
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.targets = targets;
        ApiConfig.Webhooks config = apiConfig.webhooks();
        this.config = config;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(config.maxInFlightPerAccount())
                .setForceSni(true));
        this.passes = new SerialPasses(() -> deliveries.claimDue(Map.copyOf(inFlight), config.maxInFlightPerAccount(), BATCH,
                        config.timeout().plus(LEASE_SLACK))
                .invoke(claimed -> claimed.forEach(this::start))
                .replaceWith(false));
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /** Looks for due deliveries now, e.g. after a new one was queued; returns at once. */
    public void deliverSoon() {
        passes.request().subscribe().with(ignored -> { }, failure -> LOG.warn("Webhook delivery pass failed", failure));
    }

    @Scheduled(every = "${browser-agent.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deliverDue() {
        return passes.request();
    }

    private void start(WebhookDeliveries.Claimed delivery) {
        inFlight.merge(delivery.accountId(), 1, Integer::sum);
        attempt(delivery)
                .eventually(() -> {
                    inFlight.computeIfPresent(delivery.accountId(), (account, count) -> count == 1 ? null : count - 1);
                    deliverSoon(); // the task's next event, or another account's, may be waiting for this slot
                })
                .subscribe().with(ignored -> { }, failure -> LOG.warnf(failure, "Recording webhook delivery %d failed", delivery.id()));
    }

    private Uni<Void> attempt(WebhookDeliveries.Claimed delivery) {
        if (delivery.url() == null || delivery.sealedSecret() == null) {
            return deliveries.failed(delivery.id(), null, "the account has no webhook any more", 0, Duration.ZERO, true);
        }
        String secret;
        try {
            secret = secrets.open(SealedColumn.ACCOUNT_WEBHOOK_SECRET.row(delivery.accountId()), delivery.sealedSecret());
        } catch (SecretSealer.SealedValueException e) {
            LOG.warnf("Webhook delivery %d of account %s: the signing secret cannot be opened: %s", delivery.id(),
                    delivery.accountId(), e.getMessage());
            return deliveries.failed(delivery.id(), null, "the webhook's signing secret can no longer be read (its"
                    + " encryption key was retired): set the webhook again", 0, Duration.ZERO, true);
        }
        return targets.resolve(delivery.url())
                .chain(target -> post(target, delivery, secret))
                .chain(status -> status / 100 == 2
                        ? deliveries.delivered(delivery.id(), status)
                        : deliveries.failed(delivery.id(), status, "the endpoint answered " + status,
                        config.maxRetries(), config.retryBackoff(), false))
                .onFailure().recoverWithUni(failure -> deliveries.failed(delivery.id(), null, describe(failure),
                        config.maxRetries(), config.retryBackoff(), false));
    }

    /** POSTs the stored canonical body, signed now, to the address the target check resolved; the answer's status. */
    private Uni<Integer> post(WebhookTargets.Target target, WebhookDeliveries.Claimed delivery, String secret) {
        long timestamp = Instant.now().getEpochSecond();
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) {
            path += "?" + target.uri().getRawQuery();
        }
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.uri().getHost())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(path)
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "browser-agent-webhooks")
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, delivery.body()));
        return http.request(request)
                .chain(sent -> sent.send(Buffer.buffer(delivery.body())))
                .chain(response -> discardBody(response).replaceWith(response.statusCode()));
    }

    /**
     * Reads the answer's body without keeping it, up to {@code max-response-bytes}; past them the connection is
     * reset rather than drained, so an endless answer ends here.
     */
    private Uni<Void> discardBody(HttpClientResponse response) {
        long max = config.maxResponseBytes();
        return response.toMulti()
                .onItem().scan(() -> 0L, (read, chunk) -> read + chunk.length())
                .select().where(read -> read > max)
                .toUni()
                .invoke(overLimit -> {
                    if (overLimit != null) {
                        response.request().reset();
                    }
                })
                .replaceWithVoid();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return failure instanceof WebhookTargets.RefusedTarget ? "refused: " + message : message;
    }
}

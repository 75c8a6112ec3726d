package dev.browseragent.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.browseragent.api.account.AccountPlans;
import dev.browseragent.api.auth.ApiKeyLookup;
import dev.browseragent.api.auth.ApiKeys;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.validation.JsonObjectRules;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static dev.browseragent.api.validation.JsonRules.bool;
import static dev.browseragent.api.validation.JsonRules.cents;
import static dev.browseragent.api.validation.JsonRules.integer;
import static dev.browseragent.api.validation.JsonRules.nonBlankText;
import static dev.browseragent.api.validation.JsonRules.text;

/** Accounts, plans, credits and API keys, as operators manage them through the admin API. */
@ApplicationScoped
public class AccountAdministration {

    /** An account as the admin API shows it; a null balance is unlimited. */
    public record Account(UUID id, String name, boolean active, int maxRunningTasks, int maxQueuedTasks,
                          int requestsPerMinute, @Schema(nullable = true) BigDecimal creditBalanceCents,
                          Instant createdAt) {
        static final String COLUMNS = "id, name, active, max_running_tasks, max_queued_tasks, requests_per_minute, "
                + "credit_balance_cents, created_at";

        static Account of(Row row) {
            return new Account(row.getUUID("id"), row.getString("name"), row.getBoolean("active"),
                    row.getInteger("max_running_tasks"), row.getInteger("max_queued_tasks"),
                    row.getInteger("requests_per_minute"), row.getBigDecimal("credit_balance_cents"),
                    row.getOffsetDateTime("created_at").toInstant());
        }
    }

    /** A key as listed: its id is the key's SHA-256 hash, which reveals nothing of the key. */
    public record ApiKey(String id, @Schema(nullable = true) String label, Instant createdAt) {
    }

    /** A new key: the only time the key itself is shown. */
    public record NewApiKey(String id, String key, @Schema(nullable = true) String label, Instant createdAt) {
    }

    /**
     * The body of an account create or update: fields left out (or null) take the default (create) or stay
     * (update); {@code "credit_balance_cents": null} in an update makes the credits unlimited.
     */
    public static final class AccountFields {
        @Schema(description = "required to create", maxLength = 200)
        public String name;
        @Schema(defaultValue = "true")
        public Boolean active;
        @Schema(defaultValue = "5", minimum = "0", maximum = "100000")
        public Integer maxRunningTasks;
        @Schema(defaultValue = "1000", minimum = "0", maximum = "10000000")
        public Integer maxQueuedTasks;
        @Schema(defaultValue = "600", minimum = "0", maximum = "10000000")
        public Integer requestsPerMinute;
        @Schema(nullable = true, description = "cents, at most two decimals; null or left out = unlimited", minimum = "0")
        public BigDecimal creditBalanceCents;
        /** Whether the body named {@code credit_balance_cents} at all. */
        @Schema(hidden = true)
        boolean setsBalance;
    }

    /** The body of a credit change. */
    public static final class CreditChange {
        @Schema(required = true, description = "cents to add (negative to take), at most two decimals")
        public BigDecimal addCents;
    }

    /** The (optional) body of a new key. */
    public static final class KeyFields {
        @Schema(maxLength = 200)
        public String label;
    }

    private static final JsonObjectRules<AccountFields> UPDATE = accountRules(false);
    private static final JsonObjectRules<AccountFields> CREATE = accountRules(true);
    private static final JsonObjectRules<CreditChange> CREDITS = new JsonObjectRules<>(CreditChange::new)
            .required("add_cents", cents(BigDecimal.TEN.pow(12).negate().add(BigDecimal.ONE)), (c, v) -> c.addCents = v);
    private static final JsonObjectRules<KeyFields> KEY = new JsonObjectRules<>(KeyFields::new)
            .optional("label", text(0, 200), (k, v) -> k.label = v);

    private final Pool pool;
    private final ApiKeyLookup keys;
    private final AccountPlans plans;

    public AccountAdministration(Pool pool, ApiKeyLookup keys, AccountPlans plans) {
        this.pool = pool;
        this.keys = keys;
        this.plans = plans;
    }

    private static JsonObjectRules<AccountFields> accountRules(boolean create) {
        JsonObjectRules<AccountFields> rules = new JsonObjectRules<>(AccountFields::new);
        if (create) {
            rules.required("name", nonBlankText(200), (a, v) -> a.name = v);
        } else {
            rules.optional("name", nonBlankText(200), (a, v) -> a.name = v);
        }
        return rules.optional("active", bool(), (a, v) -> a.active = v)
                .optional("max_running_tasks", integer(0, 100_000), (a, v) -> a.maxRunningTasks = v)
                .optional("max_queued_tasks", integer(0, 10_000_000), (a, v) -> a.maxQueuedTasks = v)
                .optional("requests_per_minute", integer(0, 10_000_000), (a, v) -> a.requestsPerMinute = v)
                .optional("credit_balance_cents", cents(BigDecimal.ZERO), (a, v) -> a.creditBalanceCents = v);
    }

    private static AccountFields readAccount(JsonObjectRules<AccountFields> rules, JsonNode body) {
        Problems problems = new Problems();
        AccountFields fields = rules.read(body, Loc.of("body"), problems);
        problems.throwIfAny();
        fields.setsBalance = body.has("credit_balance_cents");
        return fields;
    }

    public Uni<Account> create(JsonNode body) {
        AccountFields fields = readAccount(CREATE, body);
        return pool.preparedQuery("insert into accounts (id, name, active, max_running_tasks, max_queued_tasks, "
                        + "requests_per_minute, credit_balance_cents) values ($1, $2, coalesce($3, true), "
                        + "coalesce($4, 5), coalesce($5, 1000), coalesce($6, 600), $7) returning " + Account.COLUMNS)
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), fields.name, fields.active,
                        fields.maxRunningTasks, fields.maxQueuedTasks,
                        fields.requestsPerMinute, fields.creditBalanceCents)))
                .map(rows -> Account.of(rows.iterator().next()));
    }

    public Uni<List<Account>> list() {
        return pool.query("select " + Account.COLUMNS + " from accounts order by created_at, id").execute()
                .map(rows -> {
                    List<Account> accounts = new ArrayList<>();
                    rows.forEach(row -> accounts.add(Account.of(row)));
                    return accounts;
                });
    }

    public Uni<Account> get(String accountId) {
        return pool.preparedQuery("select " + Account.COLUMNS + " from accounts where id = $1")
                .execute(Tuple.of(parseId(accountId))).map(AccountAdministration::single);
    }

    /** Partial update: fields left out stay; {@code "credit_balance_cents": null} makes credits unlimited. */
    public Uni<Account> update(String accountId, JsonNode body) {
        AccountFields fields = readAccount(UPDATE, body);
        return pool.preparedQuery("update accounts set name = coalesce($2, name), active = coalesce($3, active), "
                        + "max_running_tasks = coalesce($4, max_running_tasks), "
                        + "max_queued_tasks = coalesce($5, max_queued_tasks), "
                        + "requests_per_minute = coalesce($6, requests_per_minute), "
                        + "credit_balance_cents = case when $7 then $8 else credit_balance_cents end "
                        + "where id = $1 returning " + Account.COLUMNS)
                .execute(Tuple.from(Arrays.asList(parseId(accountId), fields.name, fields.active,
                        fields.maxRunningTasks, fields.maxQueuedTasks,
                        fields.requestsPerMinute, fields.setsBalance, fields.creditBalanceCents)))
                .map(AccountAdministration::single)
                .call(this::forgetCachedPlans);
    }

    /** Adds (or with a negative amount, takes) credits; an unlimited account stays unlimited. */
    public Uni<Account> addCredits(String accountId, JsonNode body) {
        Problems problems = new Problems();
        CreditChange change = CREDITS.read(body, Loc.of("body"), problems);
        problems.throwIfAny();
        return pool.preparedQuery("update accounts set credit_balance_cents = credit_balance_cents + $2 "
                        + "where id = $1 returning " + Account.COLUMNS)
                .execute(Tuple.of(parseId(accountId), change.addCents))
                .map(AccountAdministration::single);
    }

    /** An empty body is allowed: a key without a label. */
    public Uni<NewApiKey> createKey(String accountId, JsonNode body) {
        Problems problems = new Problems();
        KeyFields fields = KEY.read(body.isMissingNode() ? JsonNodeFactory.instance.objectNode() : body, Loc.of("body"), problems);
        problems.throwIfAny();
        String key = ApiKeys.generate();
        String hash = ApiKeys.hash(key);
        return get(accountId).chain(account -> pool.preparedQuery(
                        "insert into api_keys (key_hash, account_id, label) values ($1, $2, $3) returning created_at")
                .execute(Tuple.of(hash, account.id(), fields.label))
                .map(rows -> new NewApiKey(hash, key, fields.label,
                        rows.iterator().next().getOffsetDateTime("created_at").toInstant())));
    }

    public Uni<List<ApiKey>> keys(String accountId) {
        return get(accountId).chain(account -> pool.preparedQuery(
                        "select key_hash, label, created_at from api_keys where account_id = $1 order by created_at, key_hash")
                .execute(Tuple.of(account.id()))
                .map(rows -> {
                    List<ApiKey> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new ApiKey(row.getString("key_hash"), row.getString("label"),
                            row.getOffsetDateTime("created_at").toInstant())));
                    return found;
                }));
    }

    /** The key stops working at once on this replica, within {@code browser-agent.auth.cache-ttl} on others. */
    public Uni<Void> revokeKey(String accountId, String keyId) {
        return pool.preparedQuery("delete from api_keys where account_id = $1 and key_hash = $2")
                .execute(Tuple.of(parseId(accountId), keyId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("API key not found");
                    }
                    return null;
                })
                .call(this::forgetCachedPlans)
                .replaceWithVoid();
    }

    private Uni<Void> forgetCachedPlans() {
        return keys.forgetAll().chain(plans::forgetAll);
    }

    private static Account single(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw ApiException.notFound("Account not found");
        }
        return Account.of(rows.iterator().next());
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Account not found");
        }
    }
}

package dev.browseragent.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.api.account.AccountPlans;
import dev.browseragent.api.admission.Admission;
import dev.browseragent.api.admission.QueueGauge;
import dev.browseragent.api.auth.AccountPlan;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.model.TaskSearch;
import dev.browseragent.model.lifecycle.RequestKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * A run-task body from any source (HTTP, Kafka), or a search: validated, checked against the account (402 inactive, 429 queue
 * full), created, and offered to admission at once. Fails with {@link dev.browseragent.api.error.RequestValidationException}
 * (422) or {@link ApiException} (402, 404, 429) for the caller to answer.
 */
@ApplicationScoped
public class TaskSubmission {

    private final RunTaskValidator validator;
    private final AccountPlans plans;
    private final QueueGauge queue;
    private final TaskService tasks;
    private final Admission admission;

    public TaskSubmission(RunTaskValidator validator, AccountPlans plans, QueueGauge queue, TaskService tasks,
                          Admission admission) {
        this.validator = validator;
        this.plans = plans;
        this.queue = queue;
        this.tasks = tasks;
        this.admission = admission;
    }

    public Uni<UUID> submit(UUID accountId, JsonNode body) {
        return submit(accountId, body, null);
    }

    /** As {@link #submit(UUID, JsonNode)}, storing the client's request key with the task (see {@link RequestKey}). */
    public Uni<UUID> submit(UUID accountId, JsonNode body, RequestKey key) {
        return Uni.createFrom().item(() -> validator.require(body, Loc.of("body")))
                .chain(request -> admit(accountId, () -> tasks.create(accountId, request, key)));
    }

    /** A validated search as a task: the same account checks, queue and admission as any task. */
    public Uni<UUID> submitSearch(UUID accountId, RunTaskRequest request, TaskSearch search) {
        return admit(accountId, () -> tasks.createSearch(accountId, request, search));
    }

    private Uni<UUID> admit(UUID accountId, Supplier<Uni<UUID>> create) {
        return plans.byId(accountId).chain(plan -> {
                    AccountPlan account = plan.filter(AccountPlan::active)
                            .orElseThrow(() -> new ApiException(402, "An active subscription is required"));
                    return queue.enqueue(account).chain(() -> create.get()
                            .onFailure().invoke(failure -> queue.release(account)));
                })
                .invoke(id -> admission.admitSoon(accountId));
    }
}

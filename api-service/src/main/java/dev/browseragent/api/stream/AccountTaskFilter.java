package dev.browseragent.api.stream;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.task.TaskService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Answers 404 for an {@link AccountTask} method whose task is not the caller's; runs after the API key check. */
public class AccountTaskFilter {

    private final TaskService tasks;
    private final CurrentAccount account;

    public AccountTaskFilter(TaskService tasks, CurrentAccount account) {
        this.tasks = tasks;
        this.account = account;
    }

    @AccountTask
    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Uni<Void> requireAccountTask(ContainerRequestContext request) {
        return tasks.status(account.id(), request.getUriInfo().getPathParameters().getFirst("task_id"))
                .replaceWithVoid();
    }
}

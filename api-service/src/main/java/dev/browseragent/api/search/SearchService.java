package dev.browseragent.api.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.api.config.ApiConfig;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.task.RunTaskRequest;
import dev.browseragent.api.task.TaskService;
import dev.browseragent.api.task.TaskSubmission;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Problems;
import dev.browseragent.model.TaskSearch;
import dev.browseragent.model.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Runs a search as a task of the account (the same queue, admission, credits, leases and network rules as any task;
 * the worker reads its pages, {@link TaskSearch}) and waits for its end, looking at the task every
 * {@code browser-agent.search.poll-interval} — which works whichever replica the request reached. Past
 * {@code browser-agent.search.timeout}, or when the client goes away, the search is stopped.
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    private final TaskSubmission submission;
    private final TaskService tasks;
    private final ObjectMapper json;
    private final ApiConfig.Search config;

    public SearchService(TaskSubmission submission, TaskService tasks, ObjectMapper json, ApiConfig config) {
        this.submission = submission;
        this.tasks = tasks;
        this.json = json;
        this.config = config.search();
    }

    public Uni<SimpleSearchResponse> simpleSearch(UUID accountId, TaskSearch search) {
        return run(accountId, search).map(output -> read(output, SimpleSearchResponse.class));
    }

    public Uni<SearchResult> searchUrl(UUID accountId, TaskSearch search) {
        return run(accountId, search).map(output -> read(output, SearchResult.class));
    }

    /** The finished search's output; a failed, stopped or late one as the error the client gets. */
    private Uni<String> run(UUID accountId, TaskSearch search) {
        RunTaskRequest request = new RunTaskRequest();
        request.task = search.kind() == TaskSearch.Kind.WEB ? "Search the web: " + search.query()
                : "Read " + search.url() + " to answer: " + search.query();
        request.maxAgentSteps = search.maxSteps();
        return submission.submitSearch(accountId, request, search)
                .chain(id -> tasks.awaitEnd(id, config.pollInterval(), config.timeout())
                        .onCancellation().call(() -> stop(accountId, id))
                        .chain(end -> end != null ? Uni.createFrom().item(outcome(id, end))
                                : stop(accountId, id).map(stopped -> {
                                    throw new ApiException(504, "The search did not finish within "
                                            + config.timeout().toSeconds() + " s; it was stopped (task " + id + ")");
                                })));
    }

    private Uni<Void> stop(UUID accountId, UUID id) {
        return tasks.stop(accountId, id.toString())
                .onFailure().invoke(failure -> LOG.warnf("Could not stop search task %s: %s", id, failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    private String outcome(UUID id, TaskService.TaskEnd end) {
        if (end.status() == TaskStatus.FINISHED) {
            return end.output();
        }
        if (end.status() == TaskStatus.STOPPED) {
            throw new ApiException(409, "The search was stopped before it finished (task " + id + ")");
        }
        JsonNode refused = end.output() == null ? null : readTree(end.output()).get("refused");
        if (refused != null) {
            Problems problems = new Problems();
            problems.add(Loc.of("body", "url"), "the network policy refuses this URL: " + refused.asText(),
                    "value_error.url.refused");
            problems.throwIfAny();
        }
        throw new ApiException(502, "The search failed: " + end.failureReason() + " (task " + id + ")");
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A search's output is the worker's JSON", e);
        }
    }

    private <T> T read(String output, Class<T> type) {
        try {
            return json.readValue(output, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A search's output is the worker's JSON", e);
        }
    }
}

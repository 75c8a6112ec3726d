package dev.browseragent.api.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.browseragent.api.error.JsonProblems;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.error.ViolationTranslator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Submits a run-task body that did not come through the HTTP endpoint (a Kafka submission) with exactly the
 * checks of {@code POST /api/v1/run-task}: it fails with {@link RequestValidationException} (the 422 problems) or
 * {@link dev.browseragent.api.error.ApiException} (status and detail) as the endpoint would answer.
 */
@ApplicationScoped
public class TaskSubmission {

    private final TaskService tasks;
    private final ObjectMapper json;
    private final Validator validator;

    public TaskSubmission(TaskService tasks, ObjectMapper json, Validator validator) {
        this.tasks = tasks;
        this.json = json;
        this.validator = validator;
    }

    /** Validates the body and creates the task for the account; the task id once it is stored. */
    public Uni<UUID> submit(UUID accountId, JsonNode body) {
        return Uni.createFrom().deferred(() -> {
            RunTaskRequest request = read(body);
            Set<ConstraintViolation<RunTaskRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new RequestValidationException(ViolationTranslator.bodyProblems(violations));
            }
            return tasks.create(accountId, request);
        });
    }

    private RunTaskRequest read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new RequestValidationException(List.of(
                    new ValidationProblem(List.of("body"), "field required", "value_error.missing")));
        }
        try {
            return json.treeToValue(body, RunTaskRequest.class);
        } catch (MismatchedInputException e) {
            throw new RequestValidationException(List.of(JsonProblems.mismatchedInput(e)));
        } catch (JsonProcessingException e) {
            throw new RequestValidationException(List.of(JsonProblems.invalidBody()));
        }
    }
}

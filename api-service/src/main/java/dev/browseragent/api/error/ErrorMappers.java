package dev.browseragent.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns every failure into the v1 (FastAPI) error shapes: {@code {"detail": "..."}}, or for 422 a list of
 * problems with the field's location. Nothing a client sends may end in a 5xx; the last mapper is the safety
 * net for our own bugs.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return response(e);
    }

    @ServerExceptionMapper
    public Response requestValidation(RequestValidationException e) {
        return unprocessable(e.problems());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        List<ValidationProblem> problems = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            if (ViolationTranslator.isRedundant(violation)) {
                continue;
            }
            problems.add(ViolationTranslator.translate(violation, method));
        }
        problems.sort(Comparator.comparing(p -> p.loc().toString()));
        return unprocessable(problems);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unprocessable(List.of(JsonProblems.mismatchedInput(e)));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return unprocessable(List.of(JsonProblems.invalidBody()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException) {
            return unprocessable(List.of(JsonProblems.invalidBody()));
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("Request failed", e);
        }
        return detail(status.getStatusCode(), status.getReasonPhrase());
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error while handling a request", e);
        return internalError();
    }

    /** A 500 that says nothing of the cause: the log has it. */
    public static Response internalError() {
        return detail(500, "Internal server error");
    }

    /** The answer to an error the client caused: its status and detail, and {@code Retry-After} for a 429. */
    public static Response response(ApiException e) {
        if (e.retryAfterSeconds() != null) {
            return tooManyRequests(e.getMessage(), e.retryAfterSeconds());
        }
        return detail(e.status(), e.getMessage());
    }

    /** A 429 with the seconds after which the same request would be accepted. */
    public static Response tooManyRequests(String message, long retryAfterSeconds) {
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", Math.max(1, retryAfterSeconds))
                .entity(new ErrorBody(message)).build();
    }

    public static Response detail(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message)).build();
    }

    private static Response unprocessable(List<ValidationProblem> problems) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ValidationErrorBody(problems)).build();
    }
}

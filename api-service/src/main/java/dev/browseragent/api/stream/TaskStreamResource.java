package dev.browseragent.api.stream;

import dev.browseragent.api.openapi.ApiDocument;
import dev.browseragent.api.validation.Loc;
import dev.browseragent.api.validation.Problems;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/task/{task_id}/stream} (ours, not v1's): the task's status changes, steps, takeovers and final
 * output as server-sent events, each with an id; {@code Last-Event-ID} resumes after the one named.
 */
@Path("/api/v1")
public class TaskStreamResource {

    /** The stream's ids: the event log's, positive integers. */
    private static final Pattern EVENT_ID = Pattern.compile("\\d{1,18}");

    private final TaskEventStream stream;

    public TaskStreamResource(TaskEventStream stream) {
        this.stream = stream;
    }

    @GET
    @AccountTask
    @Path("/task/{task_id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(responseCode = "200", description = "The task's events, until its final status",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public Multi<OutboundSseEvent> stream(@PathParam("task_id") String taskId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return stream.events(UUID.fromString(taskId), afterId(lastEventId), sse);
    }

    /** The id after which to resume: a non-negative integer, as the stream's own ids are; none: from the start. */
    private static long afterId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        String value = lastEventId.strip();
        if (!EVENT_ID.matcher(value).matches()) {
            Problems problems = new Problems();
            problems.add(Loc.of("header", "Last-Event-ID"), "value is not an event id of this stream",
                    "value_error.event_id");
            problems.throwIfAny();
        }
        return Long.parseLong(value);
    }
}

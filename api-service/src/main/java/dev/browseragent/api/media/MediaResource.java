package dev.browseragent.api.media;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.file.DownloadUrl;
import dev.browseragent.api.openapi.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The v1 media endpoints of a task; each answers with signed URLs that work without the key. The class path is
 * {@code /api/v1} like the task resource's: a longer one would capture {@code /task/{task_id}} from it.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class MediaResource {

    private final MediaService media;
    private final CurrentAccount account;

    public MediaResource(MediaService media, CurrentAccount account) {
        this.media = media;
        this.account = account;
    }

    /** One URL per step of the task's current attempt that has a screenshot. */
    @GET
    @Path("/task/{task_id}/screenshots")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<MediaService.Screenshots> screenshots(@PathParam("task_id") String taskId) {
        return media.screenshots(account.id(), taskId);
    }

    @GET
    @Path("/task/{task_id}/gif")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<MediaService.Gif> gif(@PathParam("task_id") String taskId) {
        return media.gif(account.id(), taskId);
    }

    @GET
    @Path("/task/{task_id}/media")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<MediaService.Recordings> media(@PathParam("task_id") String taskId) {
        return media.recordings(account.id(), taskId);
    }

    @GET
    @Path("/task/{task_id}/output-file/{file_name}")
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<DownloadUrl> outputFile(@PathParam("task_id") String taskId, @PathParam("file_name") String fileName) {
        return media.outputFile(account.id(), taskId, fileName);
    }
}

package dev.browseragent.api.media;

import dev.browseragent.api.file.SignedUrls;
import dev.browseragent.api.openapi.ApiDocument;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The signed screenshot, GIF and recording URLs (the signature filter has checked them): no API key needed. */
@Path("/files")
public class MediaFileResource {

    private final MediaService media;

    public MediaFileResource(MediaService media) {
        this.media = media;
    }

    @GET
    @Path("/" + MediaService.TASKS + "/{task_id}/{attempt}/screenshots/{step}")
    @Parameter(name = SignedUrls.EXPIRES, in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
    @Parameter(name = SignedUrls.SIGNATURE, in = ParameterIn.QUERY, required = true, schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "200", description = "The step's screenshot",
            content = {@Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")), @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> screenshot(@PathParam("task_id") String taskId, @PathParam("attempt") int attempt,
                                    @PathParam("step") int step) {
        return media.screenshot(taskId, attempt, step)
                .map(image -> Response.ok(image).type(isJpeg(image) ? "image/jpeg" : "image/png").build());
    }

    @GET
    @Path("/" + MediaService.TASKS + "/{task_id}/{attempt}/" + MediaService.GIF_NAME)
    @Parameter(name = SignedUrls.EXPIRES, in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
    @Parameter(name = SignedUrls.SIGNATURE, in = ParameterIn.QUERY, required = true, schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "200", description = "The steps' screenshots as an animated GIF",
            content = @Content(mediaType = "image/gif", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> gif(@PathParam("task_id") String taskId, @PathParam("attempt") int attempt) {
        return media.gifBytes(taskId, attempt).map(gif -> Response.ok(gif).type("image/gif").build());
    }

    @GET
    @Path("/" + MediaService.TASKS + "/{task_id}/{attempt}/" + MediaService.RECORDING_NAME)
    @Parameter(name = SignedUrls.EXPIRES, in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
    @Parameter(name = SignedUrls.SIGNATURE, in = ParameterIn.QUERY, required = true, schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "200", description = "The video of one run of the task's browser session",
            content = @Content(mediaType = "video/webm", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> recording(@PathParam("task_id") String taskId, @PathParam("attempt") int attempt) {
        return media.recording(taskId, attempt).map(video -> Response.ok(video).type("video/webm").build());
    }

    /** The worker writes PNG; JPEG is recognised by its magic bytes, should a worker write that. */
    private static boolean isJpeg(byte[] image) {
        return image.length > 2 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8;
    }
}

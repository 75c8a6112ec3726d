package dev.browseragent.api.media;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** The signed screenshot and GIF URLs (the signature filter has checked them): no API key needed. */
@Path("/files")
public class MediaFileResource {

    private final MediaService media;

    public MediaFileResource(MediaService media) {
        this.media = media;
    }

    @GET
    @Path("/" + MediaService.TASKS + "/{task_id}/{attempt}/screenshots/{step}")
    public Uni<Response> screenshot(@PathParam("task_id") String taskId, @PathParam("attempt") int attempt,
                                    @PathParam("step") int step) {
        return media.screenshot(taskId, attempt, step)
                .map(image -> Response.ok(image).type(isJpeg(image) ? "image/jpeg" : "image/png").build());
    }

    @GET
    @Path("/" + MediaService.TASKS + "/{task_id}/{attempt}/" + MediaService.GIF_NAME)
    public Uni<Response> gif(@PathParam("task_id") String taskId, @PathParam("attempt") int attempt) {
        return media.gifBytes(taskId, attempt).map(gif -> Response.ok(gif).type("image/gif").build());
    }

    /** The worker writes PNG; JPEG is recognised by its magic bytes, should a worker write that. */
    private static boolean isJpeg(byte[] image) {
        return image.length > 2 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8;
    }
}

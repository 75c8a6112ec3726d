package dev.browseragent.api.file;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The signed upload and download URLs ({@link SignedUrlFilter} has checked the signature): no API key, the URL is
 * the permission.
 */
@Path("/files")
public class FileTransferResource {

    private final FileService files;

    public FileTransferResource(FileService files) {
        this.files = files;
    }

    @PUT
    @Path("/" + FileService.UPLOADS + "/{account_id}/{file_name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> upload(@PathParam("account_id") UUID accountId, @PathParam("file_name") String fileName,
                                           @QueryParam(SignedUrls.CONTENT_TYPE) String signedContentType,
                                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String sentContentType, byte[] content) {
        return files.upload(accountId, fileName, signedContentType, sentContentType, content).replaceWith(Map.of());
    }

    @GET
    @Path("/{file_id}/{file_name}")
    public Uni<Response> download(@PathParam("file_id") String fileId, @PathParam("file_name") String fileName) {
        return files.download(fileId, fileName).map(download -> Response.ok(download.content())
                .type(download.file().contentType())
                .header("Content-Disposition", "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(download.file().fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                .build());
    }
}

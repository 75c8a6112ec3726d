package dev.browseragent.api.file;

import dev.browseragent.api.openapi.ApiDocument;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @Parameter(name = SignedUrls.EXPIRES, in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
    @Parameter(name = SignedUrls.SIGNATURE, in = ParameterIn.QUERY, required = true, schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    public Uni<Map<String, Object>> upload(@PathParam("account_id") UUID accountId, @PathParam("file_name") String fileName,
                                           @QueryParam(SignedUrls.CONTENT_TYPE) @Parameter(required = true) String signedContentType,
                                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String sentContentType, byte[] content) {
        return files.upload(accountId, fileName, signedContentType, sentContentType, content).replaceWith(Map.of());
    }

    @GET
    @Path("/{file_id}/{file_name}")
    @Parameter(name = SignedUrls.EXPIRES, in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
    @Parameter(name = SignedUrls.SIGNATURE, in = ParameterIn.QUERY, required = true, schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "200", description = "The file, with its content type, as an attachment",
            content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Uni<Response> download(@PathParam("file_id") String fileId, @PathParam("file_name") String fileName) {
        return files.download(fileId, fileName).map(download -> Response.ok(download.content())
                .type(download.file().contentType())
                .header("Content-Disposition", "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(download.file().fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                .build());
    }
}

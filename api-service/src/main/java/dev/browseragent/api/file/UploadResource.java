package dev.browseragent.api.file;

import dev.browseragent.api.auth.CurrentAccount;
import dev.browseragent.api.openapi.ApiDocument;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /api/v1/uploads/presigned-url}: a signed URL the client PUTs a file's bytes to. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "OK")
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
public class UploadResource {

    private final FileService files;
    private final CurrentAccount account;

    public UploadResource(FileService files, CurrentAccount account) {
        this.files = files;
        this.account = account;
    }

    @POST
    @Path("/uploads/presigned-url")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "422", ref = ApiDocument.VALIDATION_FAILED)
    public PresignedUpload presignedUrl(@NotNull @Valid PresignedUploadRequest request) {
        return files.presign(account.id(), request);
    }
}

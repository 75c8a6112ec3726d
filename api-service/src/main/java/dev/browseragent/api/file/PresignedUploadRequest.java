package dev.browseragent.api.file;

import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /api/v1/uploads/presigned-url}. */
public class PresignedUploadRequest {

    @NotNull
    public String fileName;

    @NotNull
    public String contentType;
}

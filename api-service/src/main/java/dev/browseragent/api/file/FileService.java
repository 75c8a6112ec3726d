package dev.browseragent.api.file;

import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.error.RequestValidationException;
import dev.browseragent.api.error.ValidationProblem;
import dev.browseragent.api.storage.StoredObjects;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Uploads (presigned URL, then PUT) and downloads of stored files through signed URLs. */
@ApplicationScoped
public class FileService {

    static final String UPLOADS = "uploads";

    private final FileRepository files;
    private final StoredObjects storage;
    private final SignedUrls signedUrls;

    public FileService(FileRepository files, StoredObjects storage, SignedUrls signedUrls) {
        this.files = files;
        this.storage = storage;
        this.signedUrls = signedUrls;
    }

    public PresignedUpload presign(UUID accountId, PresignedUploadRequest request) {
        List<ValidationProblem> problems = UploadRules.check(request.fileName, request.contentType);
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
        return new PresignedUpload(signedUrls.put(
                List.of("files", UPLOADS, accountId.toString(), request.fileName), request.contentType));
    }

    /**
     * Stores an upload that came through a signed URL: the bytes under a new storage key first, then the row, then
     * the bytes of the upload it replaced. A crash in between leaves unreferenced bytes, never a row without them.
     */
    public Uni<Void> upload(UUID accountId, String fileName, String signedContentType, String sentContentType, byte[] content) {
        if (sentContentType == null || !baseType(sentContentType).equals(baseType(signedContentType))) {
            throw new ApiException(403, "The Content-Type must be " + signedContentType + ", as declared for this upload URL");
        }
        if (content.length > UploadRules.MAX_FILE_BYTES) {
            throw UploadSizeLimit.tooLarge();
        }
        String storageKey = UPLOADS + "/" + accountId + "/" + UUID.randomUUID();
        return storage.put(storageKey, content)
                .chain(() -> files.saveUpload(accountId, fileName, signedContentType, content.length, storageKey))
                .chain(replaced -> replaced.map(storage::delete).orElse(Uni.createFrom().voidItem()));
    }

    /** A signed download URL for a task's output file of the account. */
    public Uni<DownloadUrl> outputFileUrl(UUID accountId, UUID taskId, String fileName) {
        return files.findOutputFile(accountId, taskId, fileName)
                .map(file -> new DownloadUrl(downloadUrl(file.orElseThrow(() -> ApiException.notFound("Output file not found")))));
    }

    /** Every output file of a task of the account, each with a signed download URL. */
    public Uni<List<OutputFile>> outputFiles(UUID accountId, UUID taskId) {
        return files.outputFiles(accountId, taskId)
                .map(stored -> stored.stream().map(file -> new OutputFile(file.fileName(), downloadUrl(file))).toList());
    }

    public String downloadUrl(StoredFile file) {
        return signedUrls.get(List.of("files", file.id().toString(), file.fileName()));
    }

    /** The file behind a signed download URL, with its bytes. */
    public Uni<Download> download(String fileId, String fileName) {
        UUID id = parseUuid(fileId).orElseThrow(() -> ApiException.notFound("File not found"));
        return files.findById(id)
                .map(file -> file.filter(f -> f.fileName().equals(fileName))
                        .orElseThrow(() -> ApiException.notFound("File not found")))
                .chain(file -> storage.get(file.storageKey()).map(bytes -> new Download(file,
                        bytes.orElseThrow(() -> ApiException.notFound("File not found")))));
    }

    public record Download(StoredFile file, byte[] content) {
    }

    private static String baseType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    static Optional<UUID> parseUuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

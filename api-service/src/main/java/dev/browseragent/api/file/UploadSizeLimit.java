package dev.browseragent.api.file;

import dev.browseragent.api.error.ApiException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The size limit of an upload (10 MB a file): {@code BodyLimit} answers a declared length over it before the body
 * is read; an upload sent chunked is measured once read.
 */
public final class UploadSizeLimit {

    static final String TOO_LARGE = "File too large: at most 10 MB a file";
    private static final String UPLOAD_PREFIX = SignedUrlFilter.SIGNED_PREFIX + FileService.UPLOADS + "/";

    private UploadSizeLimit() {
    }

    /** The PUT of an upload's bytes, which may be as large as a file, not only as a JSON body. */
    public static boolean isUpload(HttpServerRequest request) {
        return request.method() == HttpMethod.PUT && request.path().startsWith(UPLOAD_PREFIX);
    }

    public static String tooLargeDetail() {
        return TOO_LARGE;
    }

    static ApiException tooLarge() {
        return new ApiException(413, TOO_LARGE);
    }
}

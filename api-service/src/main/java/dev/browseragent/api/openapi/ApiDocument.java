package dev.browseragent.api.openapi;

/**
 * Names of the parts of the served OpenAPI document that operations share, defined in
 * {@code META-INF/openapi.yaml}: resources refer to them, e.g.
 * {@code @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)}. A resource whose class declares the
 * responses every operation has (401, 429) declares its 200 there too: once an operation has any response, the
 * scanner only describes the method's return value under a code that is declared.
 */
public final class ApiDocument {

    public static final String PAGE_NUMBER = "PageNumber";
    public static final String PAGE_SIZE = "PageSize";
    public static final String BROWSER_DATA = "BrowserData";
    public static final String HTTP_ERROR = "HTTPError";

    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String PAYMENT_REQUIRED = "PaymentRequired";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String TOO_LARGE = "TooLarge";
    public static final String VALIDATION_FAILED = "ValidationFailed";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";
    public static final String SEARCH_STOPPED = "SearchStopped";
    public static final String SEARCH_FAILED = "SearchFailed";
    public static final String SEARCH_TIMED_OUT = "SearchTimedOut";

    private ApiDocument() {
    }
}

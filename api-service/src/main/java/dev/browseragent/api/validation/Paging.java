package dev.browseragent.api.validation;

/**
 * {@code page} (≥ 1, default 1) and {@code limit} (1 to 100, default 10) of a list endpoint, read strictly like any
 * query parameter: a bad value is a 422 naming it.
 */
public record Paging(int page, int limit) {

    public static final int MAX_LIMIT = 100;

    public static Paging of(String page, String limit) {
        Problems problems = new Problems();
        Integer pageNumber = QueryParams.integer(page, "page", 1, Integer.MAX_VALUE, 1, problems);
        Integer pageSize = QueryParams.integer(limit, "limit", 1, MAX_LIMIT, 10, problems);
        problems.throwIfAny();
        return new Paging(pageNumber, pageSize);
    }

    public int totalPages(long totalCount) {
        return (int) ((totalCount + limit - 1) / limit);
    }
}

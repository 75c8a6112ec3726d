package dev.browseragent.api.profile;

import java.util.List;

/** A page of {@code GET /browser-profiles}, newest first, paged like the task list. */
public record ProfileList(List<ProfileView> profiles, int totalPages, int page, int limit, long totalCount) {
}

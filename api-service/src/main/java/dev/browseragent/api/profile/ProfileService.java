package dev.browseragent.api.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.browseragent.api.error.ApiException;
import dev.browseragent.api.validation.Paging;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Browser profiles of an account: create, read, list, partial update, delete. Another account's is "not found". */
@ApplicationScoped
public class ProfileService {

    static final String NOT_FOUND = "Browser profile not found";

    private final RequestBodies bodies;

    public ProfileService(RequestBodies bodies) {
        this.bodies = bodies;
    }

    @WithTransaction
    public Uni<ProfileView> create(UUID accountId, ObjectNode body) {
        ProfileRequest request = checked(bodies.merged(defaults(), body));
        ProfileEntity profile = new ProfileEntity();
        profile.id = UUID.randomUUID();
        profile.accountId = accountId;
        profile.createdAt = Instant.now();
        apply(request, profile);
        return profile.persist().replaceWith(ProfileView.of(profile));
    }

    @WithSession
    public Uni<ProfileView> find(UUID accountId, String profileId) {
        return profile(accountId, profileId).map(ProfileView::of);
    }

    @WithSession
    public Uni<ProfileList> list(UUID accountId, Paging paging) {
        var query = ProfileEntity.<ProfileEntity>find("accountId", Sort.descending("createdAt").and("id"), accountId);
        return query.count().chain(total -> query.page(paging.page() - 1, paging.limit()).list()
                .map(profiles -> new ProfileList(profiles.stream().map(ProfileView::of).toList(),
                        paging.totalPages(total), paging.page(), paging.limit(), total)));
    }

    /** Fields absent or null in the body keep their value. */
    @WithTransaction
    public Uni<ProfileView> update(UUID accountId, String profileId, ObjectNode body) {
        return profile(accountId, profileId).map(profile -> {
            ProfileRequest request = checked(bodies.merged((ObjectNode) bodies.tree(ProfileView.of(profile)), body));
            apply(request, profile);
            return ProfileView.of(profile);
        });
    }

    @WithTransaction
    public Uni<Void> delete(UUID accountId, String profileId) {
        return profile(accountId, profileId).chain(ProfileEntity::delete);
    }

    private ProfileRequest checked(ObjectNode body) {
        return bodies.validated(bodies.read(body, ProfileRequest.class));
    }

    private static void apply(ProfileRequest request, ProfileEntity profile) {
        profile.profileName = request.profileName;
        profile.description = request.description;
        profile.persist = request.persist;
        profile.adBlocker = request.adBlocker;
        profile.proxy = request.proxy;
        profile.proxyCountryCode = request.proxyCountryCode.toLowerCase(Locale.ROOT);
        profile.browserViewportWidth = request.browserViewportWidth;
        profile.browserViewportHeight = request.browserViewportHeight;
        profile.updatedAt = Instant.now();
    }

    /** The v1 defaults of a new profile (the same as a task's without a profile). */
    private ObjectNode defaults() {
        ObjectNode defaults = (ObjectNode) bodies.tree(new ProfileView(null, null, "", false, true, true, "us", 1280, 960));
        defaults.remove("profile_id");
        defaults.remove("profile_name");
        return defaults;
    }

    private static Uni<ProfileEntity> profile(UUID accountId, String profileId) {
        UUID id;
        try {
            id = UUID.fromString(profileId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ApiException.notFound(NOT_FOUND));
        }
        return ProfileEntity.<ProfileEntity>find("id = ?1 and accountId = ?2", id, accountId).firstResult()
                .map(profile -> {
                    if (profile == null) {
                        throw ApiException.notFound(NOT_FOUND);
                    }
                    return profile;
                });
    }
}

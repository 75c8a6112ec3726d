package dev.browseragent.api.profile;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** A browser profile as the v1 API shows it. */
public record ProfileView(UUID profileId, String profileName, String description, boolean persist, boolean adBlocker,
                          boolean proxy,
                          @Schema(enumeration = {"us", "uk", "fr", "it", "jp", "au", "de", "fi", "ca", "in"}) String proxyCountryCode,
                          int browserViewportWidth, int browserViewportHeight) {

    static ProfileView of(ProfileEntity profile) {
        return new ProfileView(profile.id, profile.profileName, profile.description, profile.persist, profile.adBlocker,
                profile.proxy, profile.proxyCountryCode, profile.browserViewportWidth, profile.browserViewportHeight);
    }
}

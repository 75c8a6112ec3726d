package dev.browseragent.api.profile;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How the OpenAPI document shows the bodies of {@code POST} and {@code PUT /browser-profiles}. The resource reads a
 * body as a JSON tree and checks it as a {@link ProfileRequest} only after merging it onto the defaults or the stored
 * profile, so that class requires every field; these say what a client has to send.
 */
final class ProfileSchemas {

    private ProfileSchemas() {
    }

    /** A partial update: fields left out (or null) keep their value; on create, null means the default. */
    @Schema(name = "BrowserProfileUpdate")
    static class Update {
        @Schema(minLength = 1, maxLength = 100)
        public String profileName;
        @Schema(nullable = true, maxLength = 1_000, defaultValue = "")
        public String description;
        @Schema(nullable = true, defaultValue = "false")
        public Boolean persist;
        @Schema(nullable = true, defaultValue = "true")
        public Boolean adBlocker;
        @Schema(nullable = true, defaultValue = "true")
        public Boolean proxy;
        @Schema(nullable = true, defaultValue = "us", enumeration = {"us", "uk", "fr", "it", "jp", "au", "de", "fi", "ca", "in"})
        public String proxyCountryCode;
        @Schema(nullable = true, defaultValue = "1280", minimum = "320", maximum = "3840")
        public Integer browserViewportWidth;
        @Schema(nullable = true, defaultValue = "960", minimum = "240", maximum = "2160")
        public Integer browserViewportHeight;
    }

    /** A new profile: only its name is required, the rest take their defaults. */
    @Schema(name = "BrowserProfileCreate", requiredProperties = "profile_name")
    static class Create extends Update {
    }
}

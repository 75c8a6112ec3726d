package dev.browseragent.api.profile;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A browser profile as the client writes it (create, or a partial update merged onto the stored profile). The rules
 * are those of the run-task fields of the same names.
 */
public class ProfileRequest {

    @NotNull
    @NotBlank
    @Size(max = 100)
    public String profileName;

    @NotNull
    @Size(max = 1_000)
    public String description;

    @NotNull
    public Boolean persist;

    @NotNull
    public Boolean adBlocker;

    @NotNull
    public Boolean proxy;

    @NotNull
    @ProxyCountry
    public String proxyCountryCode;

    @NotNull
    @Min(320)
    @Max(3840)
    public Integer browserViewportWidth;

    @NotNull
    @Min(240)
    @Max(2160)
    public Integer browserViewportHeight;
}

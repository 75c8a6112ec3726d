package dev.browseragent.api.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /admin/accounts/{id}/webhook}. */
public record WebhookSettings(
        @NotNull @NotBlank @Size(max = 2_000) String url,
        @NotNull @NotBlank @Size(max = 500) String secret) {
}

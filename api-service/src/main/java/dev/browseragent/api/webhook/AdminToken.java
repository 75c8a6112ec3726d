package dev.browseragent.api.webhook;

import dev.browseragent.api.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The admin API's guard: {@code Authorization: Bearer <browser-agent.admin-token>}. Without a configured token the
 * admin API is off.
 */
@ApplicationScoped
public class AdminToken {

    private final Optional<String> token;

    public AdminToken(AccessConfig config) {
        this.token = config.adminToken().filter(value -> !value.isBlank());
    }

    /** @throws ApiException 403 when no admin token is configured, 401 when the request does not present it */
    public void check(String authorization) {
        if (token.isEmpty()) {
            throw new ApiException(403, "The admin API is disabled: no admin token is configured");
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "Invalid or missing admin token");
        }
    }
}

package dev.browseragent.api.auth;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The account whose API key authenticated the current request. */
@RequestScoped
public class CurrentAccount {

    private UUID id;

    void set(UUID id) {
        this.id = id;
    }

    public UUID id() {
        if (id == null) {
            throw new IllegalStateException("No authenticated account on this request");
        }
        return id;
    }
}

package dev.browseragent.api.auth;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The account whose API key authenticated the current request. */
@RequestScoped
public class CurrentAccount {

    private AccountPlan plan;

    void set(AccountPlan plan) {
        this.plan = plan;
    }

    public UUID id() {
        return plan().accountId();
    }

    public AccountPlan plan() {
        if (plan == null) {
            throw new IllegalStateException("No authenticated account on this request");
        }
        return plan;
    }
}

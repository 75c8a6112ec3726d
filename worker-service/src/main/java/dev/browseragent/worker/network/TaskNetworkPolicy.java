package dev.browseragent.worker.network;

import dev.browseragent.model.DomainPattern;

import java.util.List;
import java.util.Optional;

/**
 * What one task's browser may reach: its {@code allowed_domains} (empty = any host), whether ad and tracker hosts
 * are blocked, and the upstream proxy its traffic leaves through (empty = direct). The worker-wide rules (private
 * networks) apply whatever the policy.
 */
public record TaskNetworkPolicy(List<DomainPattern> allowedDomains, boolean adblock, Optional<UpstreamProxy> upstream) {

    /** A browser's policy until a task's is applied: any host, no ad block, direct. */
    public static final TaskNetworkPolicy UNRESTRICTED = new TaskNetworkPolicy(List.of(), false, Optional.empty());

    /** Whether the task's allowed_domains let a request of this scheme reach this (canonical) host. */
    public boolean allowsHost(String scheme, String host) {
        return allowedDomains.isEmpty() || HostNames.matchesAny(allowedDomains, scheme, host);
    }
}

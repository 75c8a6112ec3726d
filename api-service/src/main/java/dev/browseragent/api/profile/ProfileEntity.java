package dev.browseragent.api.profile;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code browser_profiles}; the worker owns {@code browser_state}, which the API never reads. */
@Entity
@Table(name = "browser_profiles")
public class ProfileEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "profile_name", nullable = false)
    public String profileName;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public boolean persist;

    @Column(name = "ad_blocker", nullable = false)
    public boolean adBlocker;

    @Column(nullable = false)
    public boolean proxy;

    @Column(name = "proxy_country_code", nullable = false)
    public String proxyCountryCode;

    @Column(name = "browser_viewport_width", nullable = false)
    public int browserViewportWidth;

    @Column(name = "browser_viewport_height", nullable = false)
    public int browserViewportHeight;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

package dev.browseragent.api.task;

import dev.browseragent.model.TaskStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A row of {@code tasks}, as the API reads it. Immutable: every change of a task is a statement of the task lifecycle
 * ({@code dev.browseragent.model.lifecycle}), never an entity flush.
 */
@Entity
@Immutable
@Table(name = "tasks")
public class TaskEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false)
    public String task;

    @Convert(converter = TaskStatusConverter.class)
    @Column(nullable = false)
    public TaskStatus status;

    @Column(name = "llm_model", nullable = false)
    public String llmModel;

    @Column(name = "max_agent_steps", nullable = false)
    public int maxAgentSteps;

    /** {@link dev.browseragent.model.TaskOptions} as JSON text. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String options;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    /** The run-task secrets, sealed ({@link dev.browseragent.api.secret.SecretStorage}); never shown. */
    public byte[] secrets;

    public String output;

    @Column(name = "failure_reason")
    public String failureReason;

    /** The current attempt (the worker counts claims); the API shows this attempt's steps. */
    @Column(nullable = false)
    public int attempt;

    /** {@code {"cookies": [...]}} as JSON text sealed for the task's row, when the task saved its browser data. */
    @Column(name = "sealed_browser_data")
    public byte[] sealedBrowserData;

    @Column(name = "public_share_token")
    public String publicShareToken;

    /** The capability in the task's {@code live_url}, which works while the task runs or is paused. */
    @Column(name = "live_token")
    public String liveToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}

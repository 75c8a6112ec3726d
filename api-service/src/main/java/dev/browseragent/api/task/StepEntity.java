package dev.browseragent.api.task;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.util.UUID;

/** A row of {@code task_steps}, as far as the API shows it (the worker writes them). */
@Entity
@Immutable
@Table(name = "task_steps")
public class StepEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "task_id", nullable = false)
    public UUID taskId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public int step;

    @Column(name = "evaluation_previous_goal", nullable = false)
    public String evaluationPreviousGoal;

    @Column(name = "next_goal", nullable = false)
    public String nextGoal;

    @Column(nullable = false)
    public String url;
}

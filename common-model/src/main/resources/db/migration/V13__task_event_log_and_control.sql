-- Every task-events record, kept in order per task for the event stream (GET /api/v1/task/{id}/stream): the outbox
-- row is deleted once published, this one stays as long as the task. Each is written by the statement that changes
-- the task, which holds the task's row lock until it commits; so within one task a higher id always commits after a
-- lower one, and a reader that has seen id n never later finds a new row below n.
create table task_event_log (
    id         bigserial   primary key,
    task_id    uuid        not null references tasks (id) on delete cascade,
    payload    jsonb       not null,
    created_at timestamptz not null default now()
);
create index task_event_log_task_idx on task_event_log (task_id, id);

-- Set while a person holds the browser of a task (take-control-task, or the live view's button); the task is paused
-- meanwhile, and the worker accepts input from the live view only then.
alter table tasks add column control_taken_at timestamptz;

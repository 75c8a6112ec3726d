-- Session recordings (docs/workers.md, "Recordings"): one video per run of a task (an attempt), written by the worker
-- under the run's claim once the video is in the object store; the API lists them by /task/{id}/media once the task
-- has ended. The bytes live in the object store under storage_key.
create table task_recordings (
    task_id      uuid        not null references tasks (id) on delete cascade,
    attempt      int         not null,
    storage_key  text        not null,
    content_type text        not null,
    size_bytes   bigint      not null,
    duration_ms  bigint      not null,
    created_at   timestamptz not null default now(),
    primary key (task_id, attempt)
);

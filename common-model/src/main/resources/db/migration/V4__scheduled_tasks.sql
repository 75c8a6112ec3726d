-- Scheduled tasks: a run-task request that the api-service starts on an interval or a cron schedule. Every
-- replica's scheduler claims due rows with "for update skip locked" and moves next_run_at on in the same
-- transaction as the task it creates, so each due run starts exactly one task.
create table scheduled_tasks (
    id               uuid        primary key,
    account_id       uuid        not null references accounts (id) on delete cascade,
    -- The run-task fields as the client sent them (validated), never secrets.
    request          jsonb       not null,
    schedule_type    text        not null check (schedule_type in ('interval', 'cron')),
    interval_minutes integer,
    cron_expression  text,
    start_at         timestamptz,
    end_at           timestamptz,
    is_active        boolean     not null default true,
    -- null once the schedule has no run left (past end_at).
    next_run_at      timestamptz,
    last_run_at      timestamptz,
    last_task_id     uuid,
    -- Why the last due run could not start a task (e.g. its browser profile was deleted), or null.
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index scheduled_tasks_account_idx on scheduled_tasks (account_id, created_at desc);
create index scheduled_tasks_due_idx on scheduled_tasks (next_run_at) where is_active;

-- The schema both services share. The api-service applies it at start (Flyway); the worker only reads and
-- writes rows. Timestamps are timestamptz: the API stamps a task's created_at, the worker's changes use the
-- database clock (now()).

create table accounts (
    id         uuid        primary key,
    name       text        not null,
    active     boolean     not null default true,
    created_at timestamptz not null default now()
);

-- Only a SHA-256 hash of each API key is kept.
create table api_keys (
    key_hash   text        primary key,
    account_id uuid        not null references accounts (id) on delete cascade,
    label      text,
    created_at timestamptz not null default now()
);

create table tasks (
    id               uuid        primary key,
    account_id       uuid        not null references accounts (id) on delete cascade,
    task             text        not null,
    status           text        not null check (status in ('created', 'running', 'paused', 'finished', 'stopped', 'failed')),
    llm_model        text        not null,
    max_agent_steps  integer     not null,
    -- The rest of the run-task request as normalised by the API (never the secrets).
    options          jsonb       not null default '{}'::jsonb,
    metadata         jsonb,
    output           text,
    failure_reason   text,
    -- Claim and lease: set by the worker that runs the task.
    worker_id        text,
    attempt          integer     not null default 0,
    lease_expires_at timestamptz,
    created_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz
);

create index tasks_account_created_idx on tasks (account_id, created_at desc);
create index tasks_running_lease_idx on tasks (lease_expires_at) where status = 'running';

create table task_steps (
    task_id                  uuid        not null references tasks (id) on delete cascade,
    step                     integer     not null,
    id                       uuid        not null unique,
    evaluation_previous_goal text        not null default '',
    memory                   text        not null default '',
    next_goal                text        not null default '',
    url                      text        not null default '',
    -- The actions the model asked for and what each did, for debugging and later replay.
    actions                  jsonb       not null default '[]'::jsonb,
    screenshot               bytea,
    created_at               timestamptz not null default now(),
    primary key (task_id, step)
);

-- Transactional outbox: a row is written in the same transaction as the change it announces, and the
-- api-service's relay publishes it to Kafka and deletes it. Ordered by id, so per-key order is kept.
create table outbox (
    id           bigserial   primary key,
    topic        text        not null,
    message_key  text        not null,
    payload      jsonb       not null,
    created_at   timestamptz not null default now(),
    attempts     integer     not null default 0,
    last_error   text
);

-- The tables and columns that more than one part of the service reads or writes: account plans and credits,
-- webhook settings, control and admission of tasks, attempts of a run, stored files, browser profiles and
-- encrypted secrets. Tables that only one part uses come in that part's own migration.

-- Plans and credits. A null balance is unlimited; prices are fractions of a cent, so numeric.
alter table accounts
    add column max_running_tasks     integer       not null default 5,
    add column max_queued_tasks      integer       not null default 1000,
    add column requests_per_minute   integer       not null default 600,
    add column credit_balance_cents  numeric(14, 2),
    add column webhook_url           text,
    add column webhook_secret        text;

-- dispatched_at: when admission last wrote a dispatch for this created task (null = waiting for a slot).
-- secrets: the run-task secrets as one AES-256-GCM sealed value (key id + nonce + ciphertext), never clear.
-- cost_cents: what the task has been charged so far.
-- browser_data: {"cookies": [...]} of the session, when the task asked for save_browser_data.
-- public_share_token: the random token of the public share page, when enable_public_share was set.
alter table tasks
    add column dispatched_at      timestamptz,
    add column secrets            bytea,
    add column cost_cents         numeric(14, 2) not null default 0,
    add column browser_data       jsonb,
    add column public_share_token text unique;

create index tasks_admission_idx on tasks (account_id, created_at) where status = 'created';

-- Each attempt of a task keeps its own steps; the API shows those of the task's current attempt.
alter table task_steps add column attempt integer not null default 1;
alter table task_steps drop constraint task_steps_pkey;
alter table task_steps add primary key (task_id, attempt, step);

-- Files: an account's uploads (task_id null) and a task's output files (task_id set). The bytes live in the
-- configured object store under storage_key (the PostgreSQL backend keeps them in stored_objects).
create table files (
    id           uuid        primary key,
    account_id   uuid        not null references accounts (id) on delete cascade,
    task_id      uuid        references tasks (id) on delete cascade,
    file_name    text        not null,
    content_type text        not null,
    size_bytes   bigint      not null,
    storage_key  text        not null,
    created_at   timestamptz not null default now()
);
create unique index files_upload_name_idx on files (account_id, file_name) where task_id is null;
create unique index files_output_name_idx on files (task_id, file_name) where task_id is not null;

-- The PostgreSQL backend of the object store.
create table stored_objects (
    storage_key text        primary key,
    content     bytea       not null,
    created_at  timestamptz not null default now()
);

-- Browser profiles. browser_state is the sealed (encrypted) cookies and local storage of a persisted profile,
-- written by the worker at the end of each of its tasks.
create table browser_profiles (
    id                      uuid        primary key,
    account_id              uuid        not null references accounts (id) on delete cascade,
    profile_name            text        not null,
    description             text        not null default '',
    persist                 boolean     not null default false,
    ad_blocker              boolean     not null default true,
    proxy                   boolean     not null default true,
    proxy_country_code      text        not null default 'us',
    browser_viewport_width  integer     not null default 1280,
    browser_viewport_height integer     not null default 960,
    browser_state           bytea,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);
create index browser_profiles_account_idx on browser_profiles (account_id, created_at desc);

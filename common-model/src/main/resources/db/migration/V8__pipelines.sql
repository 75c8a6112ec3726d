-- Pipelines: requests that create at most one task, and webhook deliveries.

-- A run-task with an Idempotency-Key (source 'http') or a task-submissions record (source 'kafka', key = the
-- record's request id) that created a task. Written by the statement that creates the task, so a task and its key
-- exist together or not at all. body_hash: SHA-256 of the request body in canonical JSON, the values of its secrets
-- left out (same key, other body = 409).
-- Rows older than the retention window are deleted by the api-service's cleanup job.
create table task_request_keys (
    account_id  uuid        not null references accounts (id) on delete cascade,
    source      text        not null check (source in ('http', 'kafka')),
    request_key text        not null,
    body_hash   text        not null,
    task_id     uuid        not null references tasks (id) on delete cascade,
    created_at  timestamptz not null default now(),
    primary key (account_id, source, request_key)
);
create index task_request_keys_created_idx on task_request_keys (created_at);

-- One webhook POST to an account's endpoint and how it went. body is the exact (canonical JSON) body sent; the
-- URL and secret are read from the account at each attempt. event_key de-duplicates task events that Kafka
-- delivered twice. Deliveries of one task are sent in id order, one at a time.
create table webhook_deliveries (
    id               bigserial   primary key,
    account_id       uuid        not null references accounts (id) on delete cascade,
    task_id          uuid        references tasks (id) on delete cascade,
    event_type       text        not null,
    status           text,
    event_key        text        not null,
    body             text        not null,
    state            text        not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null default now(),
    locked_until     timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz,
    unique (account_id, event_key)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_task_idx on webhook_deliveries (task_id, id) where state = 'pending';
create index webhook_deliveries_account_idx on webhook_deliveries (account_id, id desc);
create index webhook_deliveries_created_idx on webhook_deliveries (created_at);

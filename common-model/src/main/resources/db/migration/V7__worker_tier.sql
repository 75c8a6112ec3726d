-- The worker tier: crash recovery of held tasks, and an outbox relay that parks what it cannot publish.

-- The reaper looks for held tasks (running or paused) whose lease ran out.
drop index tasks_running_lease_idx;
create index tasks_held_lease_idx on tasks (lease_expires_at) where status in ('running', 'paused');

-- The sweeper looks for dispatched tasks that no worker claimed.
create index tasks_dispatched_idx on tasks (dispatched_at) where status = 'created' and dispatched_at is not null;

-- An outbox row the broker keeps refusing (too large, invalid topic...) is parked after a number of attempts: it
-- stays for an operator to look at (last_error says why) and no longer holds back the rows after it.
alter table outbox add column parked_at timestamptz;
create index outbox_due_idx on outbox (id) where parked_at is null;

-- One relay pass at a time across api-service replicas, without holding a lock or a transaction while it sends:
-- a pass takes this lease row for a bounded time and gives it back when done.
create table outbox_relay_lease (
    id         integer     primary key check (id = 1),
    holder     text,
    expires_at timestamptz not null
);
insert into outbox_relay_lease (id, holder, expires_at) values (1, null, '-infinity');

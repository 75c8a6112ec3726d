-- The live view of a running task (docs/live-view.md). live_token: the random capability in the task's live_url,
-- written when the task is created; unique over the tokens that exist, as the share token is.
-- worker_live_address: where the worker that claimed the task serves its live view (an http:// base address that only
-- the API replicas reach), written by the claim; the API relays a viewer's socket there.
alter table tasks add column live_token text;
alter table tasks add column worker_live_address text;
create unique index tasks_live_token_idx on tasks (live_token) where live_token is not null;

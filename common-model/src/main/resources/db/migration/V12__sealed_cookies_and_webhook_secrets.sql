-- A task's saved cookies and an account's webhook signing secret are stored sealed (AES-256-GCM, bound to their row,
-- like tasks.secrets), never clear. Sealing needs the key ring, which SQL does not have: the API seals the plain
-- values left in browser_data and webhook_secret at its start (PlainValueSealing) and empties them; nothing writes
-- them any more, and a later migration drops them once every deployment has started this version.
alter table tasks add column sealed_browser_data bytea;
alter table accounts add column sealed_webhook_secret bytea;

comment on column tasks.browser_data is 'Plain cookies written before V11; sealed into sealed_browser_data at the API''s start';
comment on column accounts.webhook_secret is 'Plain secret written before V11; sealed into sealed_webhook_secret at the API''s start';

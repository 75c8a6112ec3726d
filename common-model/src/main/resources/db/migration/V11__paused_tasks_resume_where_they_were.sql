-- A paused task whose run gave it up (its worker shut down or died) stays paused without a worker; resumed, it runs
-- a new attempt that starts on the page its last recorded step was on.
alter table tasks add column resume_url text;

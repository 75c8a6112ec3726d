-- What each agent step cost: how long its parts took and the tokens its model calls used.
alter table task_steps add column observe_ms    integer not null default 0;
alter table task_steps add column model_ms      integer not null default 0;
alter table task_steps add column act_ms        integer not null default 0;
alter table task_steps add column input_tokens  integer not null default 0;
alter table task_steps add column output_tokens integer not null default 0;

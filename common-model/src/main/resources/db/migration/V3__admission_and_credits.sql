-- Admission and credits (api-service). Prices come from the api-service's configuration: it rewrites this table
-- at every start. Charging happens in the database, so every writer of tasks and steps (the API, any worker)
-- is charged the same way without knowing the prices.

-- item: 'task' (the price of a started task), 'step:<model>' (a step with that model), 'step:*' (any other model).
create table prices (
    item  text          primary key,
    cents numeric(14, 4) not null
);

-- The running slots an account uses: running and paused tasks, and created ones already dispatched.
create index tasks_slots_idx on tasks (account_id)
    where status in ('running', 'paused') or (status = 'created' and dispatched_at is not null);

-- A new task costs the task price; an account with a balance (not unlimited) pays it at once.
create function charge_new_task() returns trigger language plpgsql as $$
declare
    price numeric := coalesce((select cents from prices where item = 'task'), 0);
begin
    new.cost_cents := new.cost_cents + price;
    if price <> 0 then
        update accounts set credit_balance_cents = credit_balance_cents - price
        where id = new.account_id and credit_balance_cents is not null;
    end if;
    return new;
end;
$$;

create trigger tasks_charge_new before insert on tasks for each row execute function charge_new_task();

-- Each recorded step costs the step price of the task's model.
create function charge_step() returns trigger language plpgsql as $$
declare
    task_account uuid;
    task_model   text;
    price        numeric;
begin
    select account_id, llm_model into task_account, task_model from tasks where id = new.task_id;
    price := coalesce((select cents from prices where item = 'step:' || task_model),
                      (select cents from prices where item = 'step:*'), 0);
    if price <> 0 then
        update tasks set cost_cents = cost_cents + price where id = new.task_id;
        update accounts set credit_balance_cents = credit_balance_cents - price
        where id = task_account and credit_balance_cents is not null;
    end if;
    return null;
end;
$$;

create trigger task_steps_charge after insert on task_steps for each row execute function charge_step();

-- Step screenshots move out of task_steps into the object store, like every other stored file and image; the step
-- row keeps the storage key. Screenshots recorded before go to stored_objects, the PostgreSQL backend's table.
alter table task_steps add column screenshot_key text;

update task_steps set screenshot_key = 'tasks/' || task_id || '/attempts/' || attempt || '/screenshots/' || step
where screenshot is not null;

insert into stored_objects (storage_key, content)
select screenshot_key, screenshot from task_steps where screenshot is not null;

alter table task_steps drop column screenshot;

-- Most tasks have no public share token; a unique constraint indexed their nulls too, one index entry more for
-- every task created. The same uniqueness over the tokens that exist, and lookups by token use it as before.
alter table tasks drop constraint tasks_public_share_token_key;
create unique index tasks_public_share_token_idx on tasks (public_share_token) where public_share_token is not null;

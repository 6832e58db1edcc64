-- Citizens (公众用户) signed in to the wallet act on their own licences and applications: their actions are
-- audited under their own actor kind, not as anonymous system work.
alter table audit_records drop constraint audit_records_actor_kind_check;
alter table audit_records add constraint audit_records_actor_kind_check check (actor_kind in ('user', 'client', 'citizen', 'system'));

-- Durable jobs and timers (deadlines, escalations, periodic work). A job survives restarts; a worker that
-- dies mid-job loses its lease and the job runs again, so handlers are written to be idempotent.
create table kernel_jobs (
  id bigserial primary key,
  kind text not null,
  run_at timestamptz not null,
  payload jsonb not null default '{}'::jsonb,
  dedupe_key text unique,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
  attempts int not null default 0,
  max_attempts int not null default 5,
  last_error text,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index kernel_jobs_due on kernel_jobs (run_at) where status in ('pending', 'running');

-- Working-day calendar (工作日) for statutory deadlines. The rule is Monday to Friday; this table holds the
-- days where the State Council's yearly arrangement overrides it: public holidays (放假, workday = false) and
-- adjusted working weekends (调休上班, workday = true). A day without a row follows the Mon–Fri rule, so
-- a year that has no rows yet is counted Mon–Fri only. Each announced holiday period is listed in full,
-- its weekend days included, so that every day of it carries the holiday's name.
--
-- Seeded with 2026 only, from 国务院办公厅关于2026年部分节假日安排的通知 (published 2025-11-04, text as
-- carried by Xinhua). The State Council announces the next year each autumn. Operators add that year
-- with a new migration or as rows a platform administrator inserts. This migration is never edited.
create table kernel_calendar (
  day date primary key,
  workday boolean not null,
  name text not null
);

insert into kernel_calendar (day, workday, name) values
  -- 元旦: 1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
  ('2026-01-01', false, '元旦'),
  ('2026-01-02', false, '元旦'),
  ('2026-01-03', false, '元旦'),
  ('2026-01-04', true, '元旦调休上班'),
  -- 春节: 2月15日（腊月二十八，周日）至23日（正月初七，周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
  ('2026-02-14', true, '春节调休上班'),
  ('2026-02-15', false, '春节'),
  ('2026-02-16', false, '春节'),
  ('2026-02-17', false, '春节'),
  ('2026-02-18', false, '春节'),
  ('2026-02-19', false, '春节'),
  ('2026-02-20', false, '春节'),
  ('2026-02-21', false, '春节'),
  ('2026-02-22', false, '春节'),
  ('2026-02-23', false, '春节'),
  ('2026-02-28', true, '春节调休上班'),
  -- 清明节: 4月4日（周六）至6日（周一）放假，共3天。
  ('2026-04-04', false, '清明节'),
  ('2026-04-05', false, '清明节'),
  ('2026-04-06', false, '清明节'),
  -- 劳动节: 5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
  ('2026-05-01', false, '劳动节'),
  ('2026-05-02', false, '劳动节'),
  ('2026-05-03', false, '劳动节'),
  ('2026-05-04', false, '劳动节'),
  ('2026-05-05', false, '劳动节'),
  ('2026-05-09', true, '劳动节调休上班'),
  -- 端午节: 6月19日（周五）至21日（周日）放假，共3天。
  ('2026-06-19', false, '端午节'),
  ('2026-06-20', false, '端午节'),
  ('2026-06-21', false, '端午节'),
  -- 中秋节: 9月25日（周五）至27日（周日）放假，共3天。
  ('2026-09-25', false, '中秋节'),
  ('2026-09-26', false, '中秋节'),
  ('2026-09-27', false, '中秋节'),
  -- 国庆节: 10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
  ('2026-09-20', true, '国庆节调休上班'),
  ('2026-10-01', false, '国庆节'),
  ('2026-10-02', false, '国庆节'),
  ('2026-10-03', false, '国庆节'),
  ('2026-10-04', false, '国庆节'),
  ('2026-10-05', false, '国庆节'),
  ('2026-10-06', false, '国庆节'),
  ('2026-10-07', false, '国庆节'),
  ('2026-10-10', true, '国庆节调休上班');

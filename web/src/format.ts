import type { TFunction } from 'i18next';
import { ApiError } from './api';

export const TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** ISO timestamp → `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const p of dateTimeFormat.formatToParts(date)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `YYYY-MM-DD` (a Shanghai calendar day) → ISO instant at the start (or end) of that day in Shanghai. */
export function shanghaiDayBoundary(day: string, end: boolean): string {
  const time = end ? '23:59:59.999' : '00:00:00.000';
  return new Date(`${day}T${time}+08:00`).toISOString();
}

/** Human-readable message for any error thrown by the API layer. */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK_ERROR') return t('common.networkError');
    return err.detail || err.title || t('common.requestFailed');
  }
  if (err instanceof Error && err.message) return err.message;
  return t('common.requestFailed');
}

export function kindLabel(kind: string, t: TFunction): string {
  return t(`kinds.${kind}`, { defaultValue: kind });
}

export function levelLabel(level: number, t: TFunction): string {
  return t(`levels.${level}`, { defaultValue: t('levels.other', { level }) });
}

export function roleLabel(role: string, t: TFunction): string {
  return t(`roles.${role}`, { defaultValue: role });
}

export const ROLE_COLORS: Record<string, string> = {
  platform_admin: 'red',
  org_admin: 'volcano',
  chief_data_officer: 'gold',
  data_steward: 'green',
  approver: 'cyan',
  auditor: 'purple',
  developer: 'blue',
  verifier: 'magenta',
};

/** A message the server sends in both languages, in the console's language. */
export function localized(text: { zh: string; en: string } | null | undefined, lang: string): string {
  if (!text) return '';
  return lang === 'en' ? text.en : text.zh;
}

/** A count with thousands separators (zh-CN and en both group by three). */
export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : n.toLocaleString('en-US');
}

/** Colour of a quality score (0–100): green from 90, amber from 75, red below. */
export function scoreColor(score: number): string {
  if (score >= 90) return '#389e0d';
  if (score >= 75) return '#d48806';
  return '#cf1322';
}

import { Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { formatDateTime, scoreColor } from '../../format';
import type { Incident, IncidentStatus } from '../../types';

const STATUS_COLORS: Record<IncidentStatus, string> = { new: 'error', acknowledged: 'processing', resolved: 'success' };

export function IncidentStatusTag({ t, status }: { t: TFunction; status: IncidentStatus }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="incident-status">
      {t(`quality.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** What the incident is about: the rule kind and item, or a reviewer's flag. */
export function ruleLabel(t: TFunction, i: Pick<Incident, 'kind' | 'ruleKind' | 'itemCode'>): string {
  if (i.kind === 'manual' || !i.ruleKind) return t('quality.manual');
  const kind = t(`quality.ruleKinds.${i.ruleKind}`, { defaultValue: i.ruleKind });
  return i.itemCode ? `${kind} · ${i.itemCode}` : kind;
}

/** The deadline, red with 「已逾期」 once the incident was escalated. */
export function DeadlineCell({ t, incident }: { t: TFunction; incident: Pick<Incident, 'deadline' | 'overdue' | 'status'> }) {
  const late = incident.overdue && incident.status !== 'resolved';
  return (
    <Space size={4} wrap>
      <Typography.Text type={late ? 'danger' : undefined}>{formatDateTime(incident.deadline)}</Typography.Text>
      {incident.overdue && (
        <Tag color="red" data-testid="incident-overdue">
          {t('quality.overdue')}
        </Tag>
      )}
    </Space>
  );
}

export function ScoreTag({ score }: { score: number }) {
  return (
    <Tag color={scoreColor(score)} style={{ minWidth: 52, textAlign: 'center' }}>
      {score.toFixed(1)}
    </Tag>
  );
}

export function failedText(i: Pick<Incident, 'lastFailed' | 'lastEvaluated'>): string {
  if (i.lastFailed === null) return '—';
  return i.lastEvaluated === null ? String(i.lastFailed) : `${i.lastFailed} / ${i.lastEvaluated}`;
}

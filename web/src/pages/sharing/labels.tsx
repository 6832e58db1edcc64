import { Space, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../format';
import type { CatalogItem, GrantMode, RequestStatus, RowCondition, SharingGrant, SharingRequest } from '../../types';

const REQUEST_COLORS: Record<RequestStatus, string> = {
  pending_provider: 'processing',
  pending_operator: 'purple',
  info_requested: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function RequestStatusTag({ t, status }: { t: TFunction; status: RequestStatus }) {
  return (
    <Tag color={REQUEST_COLORS[status]} data-testid="request-status" data-status={status}>
      {t(`sharing.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** A grant's state; an active grant past its last valid day shows as 已过期. */
export function GrantStatusTag({ t, grant }: { t: TFunction; grant: Pick<SharingGrant, 'status' | 'expired' | 'statusReason'> }) {
  const expired = grant.status === 'active' && grant.expired;
  const color = expired ? 'orange' : grant.status === 'active' ? 'success' : grant.status === 'suspended' ? 'warning' : 'default';
  const tag = (
    <Tag color={color} data-testid="grant-status" data-status={expired ? 'expired' : grant.status}>
      {expired ? t('sharing.grantStatuses.expired') : t(`sharing.grantStatuses.${grant.status}`, { defaultValue: grant.status })}
    </Tag>
  );
  return grant.statusReason ? <Tooltip title={grant.statusReason}>{tag}</Tooltip> : tag;
}

export function ModeTags({ t, modes }: { t: TFunction; modes: readonly GrantMode[] }) {
  return (
    <>
      {modes.map((m) => (
        <Tag key={m} color={m === 'api' ? 'blue' : 'cyan'}>
          {t(`sharing.modes.${m}`)}
        </Tag>
      ))}
    </>
  );
}

/** Item codes shown by their names (the code on hover); codes the entry no longer has show as they are. */
export function ItemTags({ codes, items, color, testId }: { codes: readonly string[]; items: Map<string, CatalogItem>; color?: string; testId?: string }) {
  if (!codes.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap data-testid={testId}>
      {codes.map((c) => (
        <Tooltip key={c} title={c}>
          <Tag color={color} data-code={c}>
            {items.get(c)?.name ?? c}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** 行筛选: "登记机关 ∈ 奎文区民政局婚姻登记处、…". */
export function RowFilterText({ t, filter, items }: { t: TFunction; filter: readonly RowCondition[]; items: Map<string, CatalogItem> }) {
  if (!filter.length) return <Typography.Text type="secondary">{t('sharing.noRowFilter')}</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      {filter.map((c) => (
        <span key={c.item}>
          {items.get(c.item)?.name ?? c.item} ∈ {c.values.join('、')}
        </span>
      ))}
    </Space>
  );
}

/** The approval deadline: red with 逾期 once passed, and whether the decider was reminded or it was escalated. */
export function DeadlineCell({ t, request }: { t: TFunction; request: Pick<SharingRequest, 'deadline' | 'overdue' | 'remindedAt' | 'escalatedAt'> }) {
  if (!request.deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Typography.Text type={request.overdue ? 'danger' : undefined} data-testid="request-deadline">
        {formatDateTime(request.deadline)}
      </Typography.Text>
      {request.overdue && (
        <Tag color="red" data-testid="request-overdue">
          {t('sharing.overdue')}
        </Tag>
      )}
      {request.remindedAt && (
        <Tooltip title={formatDateTime(request.remindedAt)}>
          <Tag color="gold" data-testid="request-reminded">
            {t('sharing.reminded')}
          </Tag>
        </Tooltip>
      )}
      {request.escalatedAt && (
        <Tooltip title={formatDateTime(request.escalatedAt)}>
          <Tag color="volcano" data-testid="request-escalated">
            {t('sharing.escalated')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

export function operationLabel(t: TFunction, op: string): string {
  return t(`sharing.operations.${op}`, { defaultValue: op });
}

import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Result, Space, Spin, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { hasAnyRole, roleOrgIds, SHARING_REQUESTER_ROLES, useSession } from '../../auth/session';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { CatalogItem, SharingRequestDetail, SharingRequestEvent } from '../../types';
import { DataGradeTag, ShareTypeTag } from '../catalog/labels';
import { DeadlineCell, ItemTags, ModeTags, RequestStatusTag, RowFilterText } from './labels';
import RequestActions from './RequestActions';
import { fetchEntry, fetchRequest, itemsByCode } from './sharingApi';

const EVENT_COLORS: Record<string, string> = {
  approved: 'green',
  granted_unconditionally: 'green',
  provider_approved: 'green',
  rejected: 'red',
  escalated: 'red',
  info_requested: 'orange',
  reminded: 'gold',
  withdrawn: 'gray',
};

/** The figures an event carries (a decision's items and limits, a stage's deadline), in a line. */
function eventFacts(t: TFunction, e: SharingRequestEvent, items: Map<string, CatalogItem>): string[] {
  const d = e.detail ?? {};
  const facts: string[] = [];
  const names = (v: unknown) => (Array.isArray(v) ? v.map((c) => items.get(String(c))?.name ?? String(c)).join('、') : '');
  if (Array.isArray(d.items)) facts.push(`${t('sharing.items')}：${names(d.items)}`);
  if (Array.isArray(d.plainItems) && d.plainItems.length) facts.push(`${t('sharing.plainItems')}：${names(d.plainItems)}`);
  if (typeof d.dailyQuota === 'number') facts.push(`${t('sharing.dailyQuota')}：${formatCount(d.dailyQuota)}`);
  if (typeof d.ratePerMinute === 'number') facts.push(`${t('sharing.ratePerMinute')}：${formatCount(d.ratePerMinute)}`);
  if (typeof d.validUntil === 'string') facts.push(`${t('sharing.validUntil')}：${d.validUntil}`);
  if (typeof d.deadline === 'string' && !['reminded', 'escalated'].includes(e.action)) facts.push(`${t('sharing.deadline')}：${formatDateTime(d.deadline)}`);
  return facts;
}

/** What the approval granted, from its timeline event (the grant may narrow the items asked for). */
function grantedBy(events: SharingRequestEvent[]): { items: string[]; plainItems: string[] } | null {
  const e = [...events].reverse().find((x) => x.action === 'approved' || x.action === 'granted_unconditionally');
  const d = e?.detail;
  if (!d || !Array.isArray(d.items)) return null;
  return { items: d.items.map(String), plainItems: Array.isArray(d.plainItems) ? d.plainItems.map(String) : [] };
}

/** One request: what was asked, where it stands, its timeline, and what the caller may do with it. */
export default function RequestDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const { id = '' } = useParams<{ id: string }>();
  // Back where the user came from; opened directly (a link, the address bar), to the list of their side.
  const back = () => {
    const state = window.history.state as { idx?: number } | null;
    if (state?.idx) navigate(-1);
    else navigate(hasAnyRole(me, SHARING_REQUESTER_ROLES) ? '/sharing/outbox' : '/sharing/inbox');
  };
  const loaded = useRequest((signal) => fetchRequest(id, signal), [id]);
  // An action answers with the request as it is now: shown at once, without another round trip.
  const [updated, setUpdated] = useState<SharingRequestDetail | undefined>(undefined);
  useEffect(() => setUpdated(undefined), [loaded.data]);
  const r = updated ?? loaded.data;
  const entryId = r?.entryId;
  const entry = useRequest((signal) => (entryId ? fetchEntry(entryId, signal) : undefined), [entryId]);
  const items = itemsByCode(entry.data);

  if (loaded.error !== undefined && !r) {
    const status = loaded.error instanceof ApiError ? loaded.error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={status === 404 ? t('common.notFoundTitle') : status === 403 ? t('common.forbiddenTitle') : t('common.requestFailed')}
        subTitle={errorText(loaded.error, t)}
        extra={<Button onClick={back}>{t('sharing.back')}</Button>}
      />
    );
  }
  if (!r) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const pd = r.providerDecision;
  const granted = r.status === 'approved' ? grantedBy(r.events) : null;
  // The provider's deciders manage the grant; the requesting side finds it among its data services.
  const managesGrant = hasAnyRole(me, ['platform_admin']) || roleOrgIds(me, ['approver', 'chief_data_officer']).has(r.providerOrgId);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('sharing.back')} />
            <span data-testid="request-number">{r.number}</span>
            <Typography.Text type="secondary">{r.resourceName}</Typography.Text>
            <RequestStatusTag t={t} status={r.status} />
          </Space>
        }
        extra={<RequestActions request={r} entry={entry.data} onChanged={setUpdated} />}
      >
        {r.status === 'info_requested' && r.reason && (
          <Alert type="warning" showIcon message={t('sharing.question')} description={r.reason} style={{ marginBottom: 16 }} data-testid="request-question-shown" />
        )}
        {r.status === 'rejected' && r.reason && (
          <Alert type="error" showIcon message={t('sharing.rejectReason')} description={r.reason} style={{ marginBottom: 16 }} data-testid="request-reject-reason" />
        )}
        {r.status === 'approved' && (
          <Alert
            type="success"
            showIcon
            message={t('sharing.approvedBanner', { by: r.decidedByName ?? '—', at: formatDateTime(r.decidedAt) })}
            description={r.reason ?? undefined}
            action={
              <Link to={managesGrant ? '/sharing/grants' : '/sharing/services'} data-testid="request-to-grant">
                {t('sharing.viewGrant')}
              </Link>
            }
            style={{ marginBottom: 16 }}
          />
        )}
        {entry.error !== undefined && <Alert type="warning" showIcon message={errorText(entry.error, t)} style={{ marginBottom: 16 }} />}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="request-fields">
          <Descriptions.Item label={t('sharing.resource')}>
            <Link to={`/catalog/${r.entryId}`}>{r.resourceName}</Link> <Typography.Text type="secondary">{r.resourceCode}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.provider')}>{r.providerName}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.serviceCode')}>
            <Typography.Text code>{r.serviceCode}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.consumer')}>{r.consumerName}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.client')}>{r.clientName}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.requestedBy')}>{r.requestedByName}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.shareType')}>
            <ShareTypeTag t={t} value={r.shareType} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalog.dataGrade')}>
            <DataGradeTag t={t} value={r.dataGrade} />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.submittedAt')}>{formatDateTime(r.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.deadline')}>
            <DeadlineCell t={t} request={r} />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.decidedAt')}>
            {r.decidedAt ? `${formatDateTime(r.decidedAt)} · ${r.decidedByName ?? ''}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.modesLabel')}>
            <ModeTags t={t} modes={r.modes} />
          </Descriptions.Item>
          <Descriptions.Item label={t(granted ? 'sharing.requestedItems' : 'sharing.items')} span="filled">
            <ItemTags codes={r.items} items={items} testId="request-items" />
          </Descriptions.Item>
          {granted && (
            <Descriptions.Item label={t('sharing.grantedItems')} span="filled">
              <ItemTags codes={granted.items} items={items} color="green" testId="request-granted-items" />
            </Descriptions.Item>
          )}
          {granted && granted.plainItems.length > 0 && (
            <Descriptions.Item label={t('sharing.plainItems')} span="filled">
              <ItemTags codes={granted.plainItems} items={items} color="orange" />
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('sharing.queryKeys')} span="filled">
            <ItemTags codes={r.queryKeys} items={items} color="geekblue" testId="request-query-keys" />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.rowFilter')} span="filled">
            <RowFilterText t={t} filter={r.rowFilter} items={items} />
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.purpose')} span="filled">
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{r.purpose}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.legalBasis')} span="filled">
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{r.legalBasis || '—'}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.scenario')} span="filled">
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{r.scenario || '—'}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.dailyVolume')}>{formatCount(r.dailyVolume)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.validUntil')}>{r.validUntil}</Descriptions.Item>
        </Descriptions>
      </Card>

      {pd && r.status === 'pending_operator' && (
        <Card title={t('sharing.providerDecision', { by: pd.byName, at: formatDateTime(pd.at) })} data-testid="request-provider-decision">
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('sharing.items')} span="filled">
              <ItemTags codes={pd.items} items={items} />
            </Descriptions.Item>
            <Descriptions.Item label={t('sharing.plainItems')} span="filled">
              <ItemTags codes={pd.plainItems} items={items} color="orange" />
            </Descriptions.Item>
            <Descriptions.Item label={t('sharing.dailyQuota')}>{formatCount(pd.dailyQuota)}</Descriptions.Item>
            <Descriptions.Item label={t('sharing.ratePerMinute')}>{formatCount(pd.ratePerMinute)}</Descriptions.Item>
            <Descriptions.Item label={t('sharing.validUntil')}>{pd.validUntil}</Descriptions.Item>
            {pd.note ? (
              <Descriptions.Item label={t('sharing.note')} span="filled">
                {pd.note}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      )}

      <Card title={t('sharing.timeline')}>
        {r.events.length ? (
          <Timeline
            data-testid="request-events"
            items={r.events.map((e) => {
              const facts = eventFacts(t, e, items);
              return {
                color: EVENT_COLORS[e.action] ?? 'blue',
                children: (
                  <div data-testid={`request-event-${e.action}`}>
                    <Typography.Text strong>{t(`sharing.events.${e.action}`, { defaultValue: e.action })}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {formatDateTime(e.at)} · {e.actorName === '系统' ? t('sharing.system') : e.actorName}
                    </Typography.Text>
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                    {facts.length > 0 && (
                      <div>
                        <Typography.Text type="secondary">{facts.join('；')}</Typography.Text>
                      </div>
                    )}
                  </div>
                ),
              };
            })}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
    </Space>
  );
}

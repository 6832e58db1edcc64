import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Typography } from 'antd';
import { ApiOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { roleOrgIds, SHARING_REQUESTER_ROLES, useSession } from '../../auth/session';
import { errorText, formatCount } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { Me, SharingGrant } from '../../types';
import { GrantStatusTag, ItemTags, ModeTags, RowFilterText } from './labels';
import { fetchEntries, fetchGrants, itemsByCode } from './sharingApi';

/**
 * The grants the user's side holds as a consumer. The list answers grants of both sides to someone who also
 * decides for a provider; those where the user's organisation is only the provider are left out.
 */
function consumedBy(me: Me, grants: SharingGrant[]): SharingGrant[] {
  const asConsumer = roleOrgIds(me, SHARING_REQUESTER_ROLES);
  const asProvider = roleOrgIds(me, ['approver', 'chief_data_officer']);
  return grants.filter((g) => g.status !== 'revoked' && (asConsumer.has(g.consumerOrgId) || !asProvider.has(g.providerOrgId)));
}

/** One command in a copyable monospace block. */
function Command({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        background: '#f6f8fa',
        border: '1px solid #e1e4e8',
        borderRadius: 4,
        padding: '6px 10px',
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 12,
        wordBreak: 'break-all',
      }}
    >
      <Typography.Text copyable={{ text, tooltips: [t('common.copy'), t('common.copied')] }} data-testid={testId}>
        {text}
      </Typography.Text>
    </div>
  );
}

/** Example calls of one service, as curl commands for the grant's query keys and modes. */
function Examples({ grant, username }: { grant: SharingGrant; username: string }) {
  const { t } = useTranslation();
  const base = `${window.location.origin}/api/services/${grant.serviceCode}`;
  const head = `curl -H "Authorization: Bearer $API_KEY" -H "X-End-User: ${username}"`;
  const value = t('sharing.valuePlaceholder');
  const api = grant.modes.includes('api');
  const table = grant.modes.includes('table');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`service-examples-${grant.serviceCode}`}>
      {api &&
        grant.queryKeys.map((k) => (
          <div key={k}>
            <Typography.Text type="secondary">{t('sharing.exampleLookup', { key: k })}</Typography.Text>
            <Command text={`${head} "${base}/lookup/${k}/${value}"`} testId={`service-curl-lookup-${grant.serviceCode}-${k}`} />
          </div>
        ))}
      {api && (
        <div>
          <Typography.Text type="secondary">{t('sharing.exampleList')}</Typography.Text>
          <Command text={`${head} "${base}/records?page=1&pageSize=20${grant.queryKeys[0] ? `&${grant.queryKeys[0]}=${value}` : ''}"`} />
        </div>
      )}
      {table && (
        <>
          <div>
            <Typography.Text type="secondary">{t('sharing.exampleExport')}</Typography.Text>
            <Command text={`${head} -o ${grant.serviceCode}.csv "${base}/export.csv"`} testId={`service-curl-export-${grant.serviceCode}`} />
          </div>
          <div>
            <Typography.Text type="secondary">{t('sharing.exampleChanges')}</Typography.Text>
            <Command text={`${head} "${base}/changes?after=0"`} testId={`service-curl-changes-${grant.serviceCode}`} />
          </div>
        </>
      )}
      <div>
        <Typography.Text type="secondary">{t('sharing.exampleSigned')}</Typography.Text>
        <Command text={`${head} -H "X-CS-Sign: 1" -i "${base}/${api && grant.queryKeys[0] ? `lookup/${grant.queryKeys[0]}/${value}` : 'changes?after=0'}"`} />
      </div>
      <Space wrap>
        <Typography.Link href={`${base}/openapi.json`} target="_blank" data-testid={`service-openapi-${grant.serviceCode}`}>
          <ApiOutlined /> {t('sharing.openapi')}
        </Typography.Link>
        <Typography.Link href="/api/services/signing-key" target="_blank">
          <SafetyCertificateOutlined /> {t('sharing.signingKey')}
        </Typography.Link>
      </Space>
    </Space>
  );
}

/** 我的数据服务: what the user's systems may call, how much, and how to call it. */
export default function ServicesPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const list = useRequest((signal) => fetchGrants({ page: 1, pageSize: 200 }, signal), []);
  const grants = consumedBy(me, list.data?.items ?? []);
  const entryIds = grants.map((g) => g.entryId).join(',');
  const entries = useRequest((signal) => (entryIds ? fetchEntries(entryIds.split(','), signal) : undefined), [entryIds]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('menu.sharingServices')}
        extra={
          <Space>
            <Link to="/sharing/outbox">{t('menu.sharingOutbox')}</Link>
            <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('sharing.servicesHint')}
        </Typography.Paragraph>
        <Alert type="info" showIcon message={t('sharing.signingHint')} />
      </Card>
      {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} />}
      {list.loading && !list.data && <Spin style={{ display: 'block', margin: '40px auto' }} />}
      {list.data && !grants.length && (
        <Card>
          <Empty description={t('sharing.servicesEmpty')} data-testid="services-empty" />
        </Card>
      )}
      {grants.map((g) => {
        const items = itemsByCode(entries.data?.get(g.entryId));
        return (
          <Card
            key={g.id}
            title={
              <Space wrap>
                <span>{g.resourceName}</span>
                <Typography.Text code copyable data-testid="service-code">
                  {g.serviceCode}
                </Typography.Text>
                <GrantStatusTag t={t} grant={g} />
              </Space>
            }
            data-testid={`service-card-${g.serviceCode}`}
          >
            <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('sharing.provider')}>{g.providerName}</Descriptions.Item>
              <Descriptions.Item label={t('sharing.client')}>{g.clientName}</Descriptions.Item>
              <Descriptions.Item label={t('sharing.modesLabel')}>
                <ModeTags t={t} modes={g.modes} />
              </Descriptions.Item>
              <Descriptions.Item label={t('sharing.items')} span="filled">
                <ItemTags codes={g.items} items={items} testId={`service-items-${g.serviceCode}`} />
              </Descriptions.Item>
              {g.plainItems.length > 0 && (
                <Descriptions.Item label={t('sharing.plainItems')} span="filled">
                  <ItemTags codes={g.plainItems} items={items} color="orange" />
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('sharing.queryKeys')} span="filled">
                <ItemTags codes={g.queryKeys} items={items} color="geekblue" testId={`service-keys-${g.serviceCode}`} />
              </Descriptions.Item>
              <Descriptions.Item label={t('sharing.rowFilter')} span="filled">
                <RowFilterText t={t} filter={g.rowFilter} items={items} />
              </Descriptions.Item>
              <Descriptions.Item label={t('sharing.dailyQuota')}>{formatCount(g.dailyQuota)}</Descriptions.Item>
              <Descriptions.Item label={t('sharing.ratePerMinute')}>{formatCount(g.ratePerMinute)}</Descriptions.Item>
              <Descriptions.Item label={t('sharing.validUntil')}>{g.validUntil}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t('sharing.examples')}</Typography.Title>
            <Examples grant={g} username={me.username} />
          </Card>
        );
      })}
    </Space>
  );
}

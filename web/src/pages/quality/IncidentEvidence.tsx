import { Card, Empty, Table, Timeline, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import type { IncidentDetail, SampleRow } from '../../types';

type Flag = IncidentDetail['flags'][number];

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const keyText = (key: Record<string, unknown>): string =>
  Object.entries(key)
    .map(([code, v]) => `${code}=${show(v)}`)
    .join('，');

/** The failing rows of the latest check (masked by the server), the records flagged by hand, and the history. */
export default function IncidentEvidence({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const sample = (incident.latestResult?.sample ?? []).map((s, n) => ({ ...s, n }));
  const sampleColumns: TableColumnsType<SampleRow & { n: number }> = [
    { title: '#', dataIndex: 'n', width: 50, render: (n: number) => n + 1 },
    { title: t('quality.sampleKey'), dataIndex: 'key', render: (k: Record<string, unknown>) => <Typography.Text code>{keyText(k)}</Typography.Text> },
    { title: t('quality.sampleValue'), dataIndex: 'value', render: (v: unknown) => show(v) },
  ];
  const flagColumns: TableColumnsType<Flag> = [
    { title: t('quality.sampleKey'), dataIndex: 'key', render: (k: Record<string, unknown>) => <Typography.Text code>{keyText(k)}</Typography.Text> },
    { title: t('quality.reason'), dataIndex: 'reason' },
    { title: t('quality.flaggedAt'), dataIndex: 'flaggedAt', width: 180, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      {incident.kind === 'rule' ? (
        <Card title={t('quality.sample')} style={{ marginBottom: 16 }}>
          <Table
            rowKey="n"
            size="small"
            columns={sampleColumns}
            dataSource={sample}
            pagination={false}
            locale={{ emptyText: t('quality.noSample') }}
            data-testid="incident-sample"
          />
        </Card>
      ) : (
        <Card title={t('quality.flags')} style={{ marginBottom: 16 }}>
          <Table<Flag> rowKey="id" size="small" columns={flagColumns} dataSource={incident.flags} pagination={false} data-testid="incident-flags" />
        </Card>
      )}
      <Card title={t('quality.history')}>
        {incident.history.length ? (
          <Timeline
            data-testid="incident-history"
            items={incident.history.map((h) => ({
              color: h.action === 'escalated' ? 'red' : h.action === 'resolved' ? 'green' : 'blue',
              children: (
                <>
                  <Typography.Text strong>{t(`quality.actions.${h.action}`)}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {formatDateTime(h.at)} · {h.actorName && h.actorName !== 'system' ? h.actorName : t('quality.system')}
                  </Typography.Text>
                  {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
                </>
              ),
            }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
    </>
  );
}

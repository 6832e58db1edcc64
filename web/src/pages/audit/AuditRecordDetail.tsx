import { Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import type { AuditRecord } from '../../types';

function Json({ value, testId }: { value: unknown; testId: string }) {
  const text = value === undefined || value === null ? '—' : JSON.stringify(value, null, 2);
  return (
    <pre
      data-testid={testId}
      style={{
        margin: 0,
        maxHeight: 320,
        overflow: 'auto',
        background: '#f6f8fa',
        border: '1px solid #eaecef',
        borderRadius: 4,
        padding: 12,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
      }}
    >
      {text}
    </pre>
  );
}

export default function AuditRecordDetail({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  return (
    <div style={{ padding: '4px 8px' }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('audit.seq')}>{record.seq}</Descriptions.Item>
        <Descriptions.Item label={t('audit.time')}>{formatDateTime(record.at)}</Descriptions.Item>
        <Descriptions.Item label={t('audit.actor')}>
          {t(`audit.actorKinds.${record.actorKind}`)} {record.actorName ?? ''}
          {record.actorId && (
            <Typography.Text type="secondary" style={{ marginLeft: 4, fontSize: 12 }}>
              {record.actorId}
            </Typography.Text>
          )}
        </Descriptions.Item>
        {record.hash && (
          <Descriptions.Item label={t('audit.hash')} span={3}>
            <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {record.hash}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <Json value={record.before} testId={`audit-before-${record.seq}`} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <Json value={record.after} testId={`audit-after-${record.seq}`} />
        </Col>
      </Row>
    </div>
  );
}

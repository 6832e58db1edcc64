import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { IngestBatch } from '../../types';
import type { ImportPhase } from './useImport';

/** Share of the file read so far; the server counts bytes of the stored file as it parses it. */
export function percentRead(batch: IngestBatch | undefined): number {
  if (!batch) return 0;
  if (batch.status !== 'running') return 100;
  if (!batch.totalBytes) return 0;
  return Math.min(99, Math.floor((100 * batch.bytesRead) / batch.totalBytes));
}

export default function ImportProgress({ phase, batch }: { phase: ImportPhase; batch: IngestBatch | undefined }) {
  const { t } = useTranslation();
  const uploading = phase === 'uploading';
  const counters = [
    { key: 'rowsRead', value: batch?.rowsRead ?? 0 },
    { key: 'inserted', value: batch?.inserted ?? 0 },
    { key: 'updated', value: batch?.updated ?? 0 },
    { key: 'rejected', value: batch?.rejected ?? 0, danger: true },
  ];
  return (
    <Card data-testid="import-progress">
      <Typography.Paragraph>
        <LoadingOutlined style={{ marginRight: 8 }} />
        {uploading ? t('ingest.uploading') : t('ingest.processing')}
        {batch && !uploading ? (
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {t('ingest.rowsReadN', { count: batch.rowsRead })}
          </Typography.Text>
        ) : null}
      </Typography.Paragraph>
      <Progress percent={uploading ? 0 : percentRead(batch)} status="active" data-testid="import-progress-bar" />
      <Row gutter={16} style={{ marginTop: 16 }}>
        {counters.map((c) => (
          <Col key={c.key} xs={12} md={6}>
            <Statistic
              title={t(`ingest.${c.key}`)}
              value={c.value}
              valueStyle={c.danger && c.value > 0 ? { color: '#cf1322' } : undefined}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

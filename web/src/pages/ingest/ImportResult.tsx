import { Alert, Button, Col, Result, Row, Space, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, localized } from '../../format';
import type { IngestBatch } from '../../types';
import { RejectedDownload } from './labels';

interface Props {
  batch: IngestBatch;
  /** The server knew this file already (200 done): nothing was imported this time. */
  previouslyImported: boolean;
  /** An error met while following the batch (e.g. the session ended). */
  error: unknown;
  onAgain: () => void;
  onViewData: () => void;
}

/** The outcome of an import: counts, the rejected rows to download, or why it failed. */
export default function ImportResult({ batch, previouslyImported, error, onAgain, onViewData }: Props) {
  const { t, i18n } = useTranslation();
  const failed = batch.status === 'failed';
  const status = failed ? 'error' : previouslyImported ? 'info' : batch.rejected > 0 ? 'warning' : 'success';
  const title = failed
    ? t('ingest.resultFailed')
    : previouslyImported
      ? t('ingest.alreadyImported')
      : batch.rejected > 0
        ? t('ingest.resultWithRejected')
        : t('ingest.resultSucceeded');
  const counts = [
    { key: 'inserted', value: batch.inserted, testId: 'import-inserted-count' },
    { key: 'updated', value: batch.updated, testId: 'import-updated-count' },
    { key: 'unchanged', value: batch.unchanged, testId: 'import-unchanged-count' },
    { key: 'rejected', value: batch.rejected, testId: 'import-rejected-count' },
  ];

  return (
    <div data-testid="import-result" data-status={batch.status}>
      <Result
        status={status}
        title={<span data-testid="import-result-title">{title}</span>}
        subTitle={failed ? localized(batch.error, i18n.language) || t('common.requestFailed') : t('ingest.resultSub', { file: batch.sourceName, rows: batch.rowsRead })}
        extra={
          <Space wrap>
            <Button type="primary" onClick={onViewData} data-testid="import-view-data">
              {t('ingest.viewData')}
            </Button>
            <Button onClick={onAgain} data-testid="import-again">
              {t('ingest.importAnother')}
            </Button>
          </Space>
        }
      >
        <Row gutter={16} justify="center">
          {counts.map((c) => (
            <Col key={c.key} xs={12} md={5} style={{ textAlign: 'center' }}>
              <Statistic
                title={t(`ingest.${c.key}`)}
                value={c.value}
                valueRender={(node) => <span data-testid={c.testId}>{node}</span>}
                valueStyle={c.key === 'rejected' && c.value > 0 ? { color: '#cf1322' } : undefined}
              />
            </Col>
          ))}
        </Row>
        {batch.rejected > 0 && (
          <div style={{ textAlign: 'center', marginTop: 16 }}>
            <RejectedDownload batchId={batch.id} testId="import-rejected-download" />
          </div>
        )}
        {batch.ignoredColumns.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            message={t('ingest.ignoredColumns', { columns: batch.ignoredColumns.join('、') })}
            data-testid="import-ignored-columns"
          />
        )}
        {error !== undefined && <Alert type="error" showIcon style={{ marginTop: 16 }} message={errorText(error, t)} data-testid="import-error" />}
      </Result>
    </div>
  );
}

import { Alert, Button, Card, Result, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { errorText } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import type { CatalogEntry } from '../../types';
import ImportForm from './ImportForm';
import ImportProgress from './ImportProgress';
import ImportResult from './ImportResult';
import { useImport } from './useImport';

/** 数据导入: upload a file into a published resource and follow the batch to its result. */
export default function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams<{ id: string }>();
  const entry = useRequest((signal) => api.get<CatalogEntry>(`/api/catalog/entries/${encodeURIComponent(id)}`, undefined, { signal }), [id]);
  const job = useImport(id);

  const e = entry.data;
  if (entry.error !== undefined && !e) {
    const notFound = entry.error instanceof ApiError && entry.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('common.notFoundTitle') : t('common.requestFailed')}
        subTitle={errorText(entry.error, t)}
        extra={<Button onClick={() => navigate('/catalog')}>{t('catalog.back')}</Button>}
      />
    );
  }
  if (!e) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const published = e.version > 0;
  const running = job.phase === 'uploading' || job.phase === 'processing';

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/catalog/${e.id}`)} aria-label={t('ingest.backToEntry')} />
          <span>{t('ingest.importTitle')}</span>
        </Space>
      }
    >
      <Typography.Paragraph data-testid="import-entry">
        {t('ingest.importFor', { name: e.name, code: e.code })}
      </Typography.Paragraph>
      {!published && <Alert type="warning" showIcon message={t('ingest.notPublished')} style={{ marginBottom: 16 }} data-testid="import-not-published" />}
      {job.opened === 'resumed' && running && <Alert type="info" showIcon message={t('ingest.resumed')} style={{ marginBottom: 16 }} />}
      {job.phase === 'idle' && job.error !== undefined && (
        <Alert type="error" showIcon message={t('ingest.resultFailed')} description={errorText(job.error, t)} style={{ marginBottom: 16 }} data-testid="import-error" />
      )}
      {job.phase === 'finished' && job.batch ? (
        <ImportResult
          batch={job.batch}
          previouslyImported={job.opened === 'done'}
          error={job.error}
          onAgain={job.reset}
          onViewData={() => navigate(`/catalog/${e.id}?tab=data`)}
        />
      ) : running ? (
        <ImportProgress phase={job.phase} batch={job.batch} />
      ) : (
        <ImportForm items={e.items} disabled={!published} busy={running} onSubmit={(file, encoding) => void job.start(file, encoding)} />
      )}
    </Card>
  );
}

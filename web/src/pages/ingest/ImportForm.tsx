import { useState } from 'react';
import { Alert, Button, Form, Radio, Tag, Typography } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { UPLOAD_ENCODINGS, type CatalogItem, type UploadEncoding } from '../../types';
import FilePicker, { acceptedFile, extensionOf } from './FilePicker';

interface Props {
  items: CatalogItem[];
  disabled: boolean;
  busy: boolean;
  onSubmit: (file: File, encoding: UploadEncoding) => void;
}

/** Choose a file (and, for CSV, its encoding), then start the import. */
export default function ImportForm({ items, disabled, busy, onSubmit }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [encoding, setEncoding] = useState<UploadEncoding>('auto');
  const [problem, setProblem] = useState<string | null>(null);
  const isCsv = !file || extensionOf(file.name) === 'csv';

  const submit = () => {
    if (!file) return setProblem(t('ingest.fileRequired'));
    if (!acceptedFile(file)) return setProblem(t('ingest.badExtension'));
    setProblem(null);
    onSubmit(file, isCsv ? encoding : 'auto');
  };

  return (
    <Form layout="vertical" onFinish={submit} disabled={disabled || busy}>
      <Alert type="info" showIcon message={t('ingest.importIntro')} style={{ marginBottom: 16 }} />
      <Form.Item label={t('ingest.file')} required validateStatus={problem ? 'error' : undefined} help={problem ?? undefined}>
        <FilePicker
          file={file}
          disabled={disabled || busy}
          onChange={(f) => {
            setFile(f);
            setProblem(f && !acceptedFile(f) ? t('ingest.badExtension') : null);
          }}
        />
      </Form.Item>
      <Form.Item label={t('ingest.encoding')} extra={t('ingest.encodingHint')}>
        <Radio.Group
          optionType="button"
          value={encoding}
          onChange={(e) => setEncoding(e.target.value as UploadEncoding)}
          disabled={!isCsv || disabled || busy}
          options={UPLOAD_ENCODINGS.map((v) => ({ value: v, label: t(`ingest.encodings.${v}`) }))}
          data-testid="import-encoding"
        />
      </Form.Item>
      {items.length > 0 && (
        <Form.Item label={t('ingest.expectedColumns')}>
          <div data-testid="import-expected-columns">
            {items.map((i) => (
              <Tag key={i.code} color={i.required ? 'blue' : undefined} style={{ marginBottom: 4 }}>
                {i.name} <Typography.Text type="secondary">{i.code}</Typography.Text>
              </Tag>
            ))}
          </div>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={busy} data-testid="import-submit">
        {t('ingest.submit')}
      </Button>
    </Form>
  );
}

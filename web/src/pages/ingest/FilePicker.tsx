import { useRef, useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { UPLOAD_EXTENSIONS } from '../../types';

export const extensionOf = (name: string): string => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
export const acceptedFile = (file: File): boolean => (UPLOAD_EXTENSIONS as readonly string[]).includes(extensionOf(file.name));

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** A file input with a drop zone; the file is kept in the browser until the import starts (never pre-uploaded). */
export default function FilePicker({ file, onChange, disabled }: { file: File | undefined; onChange: (file: File | undefined) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled && e.dataTransfer.files[0]) onChange(e.dataTransfer.files[0]);
      }}
      style={{ border: `1px dashed ${over ? '#1677ff' : '#d9d9d9'}`, borderRadius: 6, padding: 16, background: over ? '#f0f7ff' : '#fafafa' }}
    >
      <input
        ref={input}
        type="file"
        accept={UPLOAD_EXTENSIONS.map((e) => `.${e}`).join(',')}
        style={{ display: 'none' }}
        onChange={(e) => {
          onChange(e.target.files?.[0]);
          e.target.value = ''; // choosing the same file again still fires change
        }}
        data-testid="import-file-input"
      />
      <Space wrap>
        <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} disabled={disabled}>
          {t('ingest.chooseFile')}
        </Button>
        {file ? (
          <Typography.Text data-testid="import-file-name">
            <FileTextOutlined /> {file.name} <Typography.Text type="secondary">（{sizeText(file.size)}）</Typography.Text>
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('ingest.noFile')}</Typography.Text>
        )}
      </Space>
    </div>
  );
}

import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { CheckCircleOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { hasAnyRole, QUALITY_MANAGE_ROLES, useSession } from '../../auth/session';
import { errorText } from '../../format';
import type { IncidentDetail } from '../../types';

type Action = 'acknowledge' | 'resolve';

/**
 * Acknowledge (新建 → 已确认) or, for a reviewer's manual incident, resolve it — each with a note. Only the
 * provider's data people and platform admins may: the server says 403 to anyone else, shown as a message.
 */
export default function IncidentActions({ incident, onChanged }: { incident: IncidentDetail; onChanged: (next: IncidentDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note: string }>();

  if (!hasAnyRole(me, QUALITY_MANAGE_ROLES)) return null;
  const canAcknowledge = incident.status === 'new';
  const canResolve = incident.kind === 'manual' && incident.status !== 'resolved';

  const send = async () => {
    if (!action) return;
    const { note } = await form.validateFields();
    setBusy(true);
    try {
      const next = await api.post<IncidentDetail>(`/api/quality/incidents/${encodeURIComponent(incident.id)}/${action}`, { note: note.trim() });
      message.success(t(action === 'acknowledge' ? 'quality.acknowledgedOk' : 'quality.resolvedOk'));
      onChanged(next);
      setAction(null);
    } catch (err) {
      message.error(err instanceof ApiError && err.status === 403 ? t('quality.forbidden') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const open = (a: Action) => {
    form.resetFields();
    setAction(a);
  };

  return (
    <Space wrap>
      {incident.kind === 'rule' && incident.status !== 'resolved' && <Typography.Text type="secondary">{t('quality.autoResolveHint')}</Typography.Text>}
      {canAcknowledge && (
        <Button type="primary" icon={<EyeOutlined />} onClick={() => open('acknowledge')} data-testid="incident-acknowledge">
          {t('quality.acknowledge')}
        </Button>
      )}
      {canResolve && (
        <Button icon={<CheckCircleOutlined />} onClick={() => open('resolve')} data-testid="incident-resolve">
          {t('quality.resolve')}
        </Button>
      )}
      <Modal
        open={action !== null}
        title={t(action === 'resolve' ? 'quality.resolveTitle' : 'quality.acknowledgeTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'incident-note-confirm' }}
        onCancel={() => setAction(null)}
        onOk={() => void send()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="note" label={t('quality.note')} rules={[{ required: true, whitespace: true, message: t('quality.noteRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="incident-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

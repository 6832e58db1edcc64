import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { primaryPost, useSession } from '../../auth/session';
import OrgTreeSelect from '../../components/OrgTreeSelect';
import { errorText } from '../../format';
import { useOrgTree } from '../../hooks/useOrgTree';
import type { ApiClientWithKey } from '../../types';

interface FormValues {
  name: string;
  orgId: string;
}

export interface CreateClientModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (issued: ApiClientWithKey) => void;
}

export default function CreateClientModal({ open, onClose, onCreated }: CreateClientModalProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { data: tree, loading: treeLoading } = useOrgTree();
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setSubmitting(true);
    setError(null);
    try {
      const issued = await api.post<ApiClientWithKey>('/api/directory/api-clients', {
        name: values.name.trim(),
        orgId: values.orgId,
      });
      form.resetFields();
      onCreated(issued);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('apiClients.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={submitting}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'api-client-form-submit' }}
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="api-client-form-error" />}
      <Form<FormValues> form={form} layout="vertical" preserve={false} initialValues={{ orgId: primaryPost(me)?.orgId }}>
        <Form.Item
          name="name"
          label={t('apiClients.name')}
          rules={[{ required: true, whitespace: true, message: t('apiClients.nameRequired') }]}
        >
          <Input maxLength={100} data-testid="api-client-form-name" />
        </Form.Item>
        <Form.Item name="orgId" label={t('apiClients.org')} rules={[{ required: true, message: t('apiClients.orgRequired') }]}>
          <OrgTreeSelect tree={tree} loading={treeLoading} style={{ width: '100%' }} data-testid="api-client-form-org" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorText, kindLabel } from '../../format';
import { isRegion } from '../../orgTree';
import { ORG_KINDS, type Org, type OrgKind } from '../../types';
import { REGION_CODE_RE, USCC_RE } from '../../validators';

interface FormValues {
  name: string;
  kind: OrgKind;
  regionCode?: string;
  uscc?: string;
}

/** The most likely kind of a new child, to pre-fill the form. */
function defaultChildKind(parent: OrgKind): OrgKind {
  switch (parent) {
    case 'city':
      return 'district';
    case 'district':
    case 'county':
    case 'county_city':
    case 'dev_zone':
      return 'street';
    case 'street':
      return 'community';
    case 'town':
      return 'village';
    default:
      return 'department';
  }
}

export interface CreateOrgModalProps {
  open: boolean;
  parent: Org;
  onClose: () => void;
  onCreated: (org: Org) => void;
}

export default function CreateOrgModal({ open, parent, onClose, onCreated }: CreateOrgModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const kindOptions = ORG_KINDS.filter((k) => k !== 'city').map((k) => ({ value: k, label: kindLabel(k, t) }));

  const submit = async () => {
    const values = await form.validateFields();
    setSubmitting(true);
    setError(null);
    try {
      const regionCode = values.regionCode?.trim();
      const uscc = values.uscc?.trim().toUpperCase();
      const org = await api.post<Org>('/api/directory/orgs', {
        parentId: parent.id,
        name: values.name.trim(),
        kind: values.kind,
        ...(regionCode && isRegion(values.kind) ? { regionCode } : {}),
        ...(uscc && !isRegion(values.kind) ? { uscc } : {}),
      });
      message.success(t('org.createdOrg'));
      form.resetFields();
      onCreated(org);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('org.createChild')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={submitting}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'org-form-submit' }}
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="org-form-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: defaultChildKind(parent.kind) }}
      >
        <Form.Item label={t('orgForm.parent')}>
          <Input value={parent.name} disabled />
        </Form.Item>
        <Form.Item name="name" label={t('orgForm.name')} rules={[{ required: true, whitespace: true, message: t('orgForm.nameRequired') }]}>
          <Input maxLength={100} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('orgForm.kind')} rules={[{ required: true, message: t('orgForm.kindRequired') }]}>
          <Select options={kindOptions} data-testid="org-form-kind" />
        </Form.Item>
        {kind && isRegion(kind) ? (
          <Form.Item
            name="regionCode"
            label={t('org.regionCode')}
            rules={[{ pattern: REGION_CODE_RE, message: t('orgForm.regionCodeInvalid') }]}
          >
            <Input maxLength={12} inputMode="numeric" placeholder="370702" data-testid="org-form-region-code" />
          </Form.Item>
        ) : (
          <Form.Item
            name="uscc"
            label={t('org.uscc')}
            normalize={(v: string | undefined) => v?.toUpperCase()}
            rules={[{ pattern: USCC_RE, message: t('orgForm.usccInvalid') }]}
          >
            <Input maxLength={18} placeholder="11370700MB2851003X" data-testid="org-form-uscc" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

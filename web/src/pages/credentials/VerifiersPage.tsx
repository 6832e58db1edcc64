import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import OrgTreeSelect from '../../components/OrgTreeSelect';
import { errorText, formatCount, formatDateTime } from '../../format';
import { useOrgTree } from '../../hooks/useOrgTree';
import { useRequest } from '../../hooks/useRequest';
import { isRegion } from '../../orgTree';
import type { OrgNode } from '../../types';
import { isStrongPassword, MOBILE_RE, USCC_RE } from '../../validators';
import { fetchVerifiers, registerVerifier, type RegisterVerifierInput, type VerifierOrg } from './credApi';
import { VERIFIER_CATEGORY_CODES, verifierCategoryLabel } from './reasons';

interface FormValues {
  name: string;
  uscc: string;
  category: string;
  regionOrgId: string;
  address?: string;
  username: string;
  personName: string;
  mobile: string;
  password: string;
}

const USERNAME = /^[a-z][a-z0-9_]{2,31}$/;

/** The region tree without departments: verifiers are registered in a district, county or street. */
function regionsOnly(nodes: readonly OrgNode[]): OrgNode[] {
  return nodes.filter((n) => isRegion(n.kind)).map((n) => ({ ...n, children: regionsOnly(n.children) }));
}

/** 核验机构: the verifier organisations in the caller's regions, and registering one with its first 核验员. */
export default function VerifiersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useRequest((signal) => fetchVerifiers(signal), []);
  const tree = useOrgTree();
  const regions = useMemo(() => (tree.data ? regionsOnly(tree.data) : undefined), [tree.data]);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    const body: RegisterVerifierInput = {
      name: v.name.trim(),
      uscc: v.uscc.trim().toUpperCase(),
      category: v.category,
      regionOrgId: v.regionOrgId,
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      account: { username: v.username.trim(), name: v.personName.trim(), mobile: v.mobile.trim(), password: v.password },
    };
    try {
      const created = await registerVerifier(body);
      message.success(t('verifierOrgs.created', { name: created.name }));
      setOpen(false);
      form.resetFields();
      list.reload();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<VerifierOrg> = [
    {
      title: t('verifierOrgs.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <div>
          <Typography.Text strong>{v}</Typography.Text>
          {r.address && (
            <div>
              <Typography.Text type="secondary">{r.address}</Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: t('verifierOrgs.uscc'), dataIndex: 'uscc', width: 190, render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> },
    { title: t('verifierOrgs.category'), dataIndex: 'category', width: 100, render: (v: string) => <Tag color="magenta">{verifierCategoryLabel(v, t)}</Tag> },
    { title: t('verifierOrgs.region'), dataIndex: 'regionName', width: 140 },
    {
      title: t('verifierOrgs.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: string) => <Tag color={v === 'active' ? 'success' : 'default'}>{t(`verifierOrgs.statuses.${v}`, { defaultValue: v })}</Tag>,
    },
    { title: t('verifierOrgs.staff'), dataIndex: 'staff', width: 80, align: 'right' },
    { title: t('verifierOrgs.checks'), dataIndex: 'checks', width: 100, align: 'right', render: (v: number) => formatCount(v) },
    { title: t('verifierOrgs.registeredAt'), dataIndex: 'registeredAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const required = { required: true, message: t('verifierOrgs.required') };

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Row justify="space-between" align="middle" gutter={[16, 8]}>
          <Col flex="1 1 400px">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('verifierOrgs.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('verifierOrgs.description')}</Typography.Text>
          </Col>
          <Col>
            <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading} style={{ marginRight: 8 }}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="verifier-register">
              {t('verifierOrgs.register')}
            </Button>
          </Col>
        </Row>
      </Card>
      <Card>
        {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table<VerifierOrg>
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('verifierOrgs.empty') }}
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="verifier-list"
        />
      </Card>

      <Modal
        open={open}
        title={t('verifierOrgs.register')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'verifier-submit' }}
        width={640}
        destroyOnHidden
      >
        <Form<FormValues> form={form} layout="vertical" preserve={false} initialValues={{ category: 'hotel' }}>
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item name="name" label={t('verifierOrgs.name')} rules={[required, { min: 2, max: 100 }]}>
                <Input maxLength={100} data-testid="verifier-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item
                name="uscc"
                label={t('verifierOrgs.uscc')}
                rules={[required, { validator: (_, v?: string) => (!v || USCC_RE.test(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error(t('verifierOrgs.usccInvalid')))) }]}
              >
                <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="verifier-uscc" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="category" label={t('verifierOrgs.category')} rules={[required]}>
                <Select
                  options={VERIFIER_CATEGORY_CODES.map((c) => ({ value: c, label: verifierCategoryLabel(c, t) }))}
                  data-testid="verifier-category"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="regionOrgId" label={t('verifierOrgs.region')} rules={[required]}>
                <OrgTreeSelect tree={regions} loading={tree.loading} placeholder={t('verifierOrgs.regionPlaceholder')} style={{ width: '100%' }} data-testid="verifier-region" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="address" label={t('verifierOrgs.address')} rules={[{ max: 200 }]}>
                <Input maxLength={200} data-testid="verifier-address" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('verifierOrgs.account')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="username"
                label={t('verifierOrgs.username')}
                rules={[required, { pattern: USERNAME, message: t('verifierOrgs.usernameInvalid') }]}
              >
                <Input maxLength={32} autoComplete="off" data-testid="verifier-username" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="personName" label={t('verifierOrgs.personName')} rules={[required, { max: 50 }]}>
                <Input maxLength={50} data-testid="verifier-person" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="mobile" label={t('verifierOrgs.mobile')} rules={[required, { pattern: MOBILE_RE, message: t('verifierOrgs.mobileInvalid') }]}>
                <Input maxLength={11} data-testid="verifier-mobile" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="password"
                label={t('verifierOrgs.password')}
                rules={[required, { validator: (_, v?: string) => (!v || isStrongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('verifierOrgs.passwordInvalid')))) }]}
              >
                <Input.Password maxLength={128} autoComplete="new-password" data-testid="verifier-password" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {error && <Alert type="error" showIcon message={error} data-testid="verifier-error" />}
      </Modal>
    </div>
  );
}

import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, FileDoneOutlined, PercentageOutlined, PlusOutlined, ReloadOutlined, SolutionOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import Chart from '../../components/Chart';
import OrgTreeSelect from '../../components/OrgTreeSelect';
import StatCard from '../../components/StatCard';
import { hasAnyRole, useSession } from '../../auth/session';
import { errorText, formatDateTime } from '../../format';
import { useOrgTree } from '../../hooks/useOrgTree';
import { useRequest } from '../../hooks/useRequest';
import {
  createItem,
  EVIDENCE_HANDLER_ROLES,
  EVIDENCE_ITEM_KEEPER_ROLES,
  EVIDENCE_STATS_ROLES,
  fetchApplications,
  fetchEvidenceStats,
  fetchEvidenceTypes,
  fetchItems,
  setItemStatus,
  type EvidenceStats,
  type EvidenceType,
  type HandledSummary,
  type ItemInput,
  type ServiceItem,
} from './evidenceApi';

type TabKey = 'items' | 'applications' | 'stats';
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** 免证办 for staff: service items and evidence types, the department's submitted applications, statistics. */
export default function EvidencePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const tabs: TabKey[] = ['items', ...(hasAnyRole(me, EVIDENCE_HANDLER_ROLES) ? (['applications'] as const) : []), ...(hasAnyRole(me, EVIDENCE_STATS_ROLES) ? (['stats'] as const) : [])];
  const asked = params.get('tab') as TabKey | null;
  const active: TabKey = asked && tabs.includes(asked) ? asked : 'items';

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('evidence.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('evidence.description')}</Typography.Text>
      </Card>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'items' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={tabs.map((key) => ({
          key,
          label: <span data-testid={`evidence-tab-${key}`}>{t(`evidence.tabs.${key}`)}</span>,
          children: key === 'items' ? <ItemsTab /> : key === 'applications' ? <ApplicationsTab /> : <StatsTab />,
        }))}
      />
    </div>
  );
}

function ItemsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const items = useRequest((signal) => fetchItems(signal), []);
  const types = useRequest((signal) => fetchEvidenceTypes(signal), []);
  const canKeep = hasAnyRole(me, EVIDENCE_ITEM_KEEPER_ROLES);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const toggle = async (item: ServiceItem) => {
    setBusy(item.id);
    try {
      await setItemStatus(item.id, item.status === 'active' ? 'inactive' : 'active');
      message.success(t('evidence.statusChanged'));
      items.reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const itemColumns: TableColumnsType<ServiceItem> = [
    { title: t('evidence.itemCode'), dataIndex: 'code', width: 160, render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> },
    { title: t('evidence.itemName'), dataIndex: 'name' },
    { title: t('evidence.org'), dataIndex: 'orgName', width: 180 },
    {
      title: t('evidence.evidence'),
      dataIndex: 'evidence',
      render: (v: ServiceItem['evidence']) => (
        <Space size={[4, 4]} wrap>
          {v.map((e) => (
            <Tag key={e.code}>{e.name}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('evidence.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: ServiceItem['status']) => <Tag color={v === 'active' ? 'success' : 'default'}>{t(`evidence.itemStatuses.${v}`)}</Tag>,
    },
    ...(canKeep
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, item: ServiceItem) => (
              <Button size="small" loading={busy === item.id} onClick={() => void toggle(item)} data-testid="evidence-item-toggle">
                {item.status === 'active' ? t('evidence.close') : t('evidence.open')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const typeColumns: TableColumnsType<EvidenceType> = [
    { title: t('evidence.typeCode'), dataIndex: 'code', width: 200, render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> },
    { title: t('evidence.typeName'), dataIndex: 'name', width: 200 },
    {
      title: t('evidence.providers'),
      dataIndex: 'providers',
      width: 200,
      render: (v: EvidenceType['providers']) => (
        <Space size={[4, 4]} wrap>
          {v.map((p, i) => (
            <Tag key={i} color={p.kind === 'licence' ? 'blue' : 'cyan'}>
              {t(`evidence.providerKinds.${p.kind}`)}
              {p.typeCode ? ` · ${p.typeCode}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('evidence.typeDescription'), dataIndex: 'description', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <>
      <Card
        title={t('evidence.items')}
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={items.reload} loading={items.loading} />
            {canKeep && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="evidence-item-new">
                {t('evidence.newItem')}
              </Button>
            )}
          </Space>
        }
      >
        {items.error !== undefined && <Alert type="error" showIcon message={errorText(items.error, t)} style={{ marginBottom: 16 }} />}
        <Table<ServiceItem>
          rowKey="id"
          size="small"
          loading={items.loading}
          columns={itemColumns}
          dataSource={items.data?.items ?? []}
          locale={{ emptyText: t('evidence.noItems') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          data-testid="evidence-items"
        />
      </Card>
      <Card title={t('evidence.types')}>
        {types.error !== undefined && <Alert type="error" showIcon message={errorText(types.error, t)} style={{ marginBottom: 16 }} />}
        <Table<EvidenceType>
          rowKey="code"
          size="small"
          loading={types.loading}
          columns={typeColumns}
          dataSource={types.data?.items ?? []}
          locale={{ emptyText: t('evidence.noTypes') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          data-testid="evidence-types"
        />
      </Card>
      {open && (
        <NewItemModal
          types={types.data?.items ?? []}
          onClose={() => setOpen(false)}
          onCreated={(item) => {
            setOpen(false);
            message.success(t('evidence.itemCreated', { name: item.name }));
            items.reload();
          }}
        />
      )}
    </>
  );
}

function NewItemModal({ types, onClose, onCreated }: { types: EvidenceType[]; onClose: () => void; onCreated: (item: ServiceItem) => void }) {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const [form] = Form.useForm<ItemInput>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = { required: true, message: t('evidence.required') };

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      onCreated(await createItem({ ...v, code: v.code.trim(), name: v.name.trim() }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('evidence.newItemTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'evidence-item-submit' }} width={600}>
      <Form<ItemInput> form={form} layout="vertical" initialValues={{ status: 'active', evidenceCodes: [] }}>
        <Form.Item name="code" label={t('evidence.itemCode')} rules={[required, { pattern: /^[0-9A-Za-z][0-9A-Za-z_-]{1,63}$/, message: t('evidence.codeInvalid') }]}>
          <Input maxLength={64} style={{ fontFamily: 'monospace' }} data-testid="evidence-item-code" />
        </Form.Item>
        <Form.Item name="name" label={t('evidence.itemName')} rules={[required, { max: 200 }]}>
          <Input maxLength={200} data-testid="evidence-item-name" />
        </Form.Item>
        <Form.Item name="orgId" label={t('evidence.org')} rules={[required]}>
          <OrgTreeSelect tree={tree.data} loading={tree.loading} placeholder={t('evidence.orgPlaceholder')} style={{ width: '100%' }} data-testid="evidence-item-org" />
        </Form.Item>
        <Form.Item name="evidenceCodes" label={t('evidence.evidence')} rules={[{ ...required, type: 'array', min: 1 }]}>
          <Select
            mode="multiple"
            placeholder={t('evidence.evidencePlaceholder')}
            options={types.map((ty) => ({ value: ty.code, label: ty.name }))}
            optionFilterProp="label"
            data-testid="evidence-item-evidence"
          />
        </Form.Item>
        <Form.Item name="status" label={t('evidence.status')}>
          <Select options={(['active', 'inactive'] as const).map((s) => ({ value: s, label: t(`evidence.itemStatuses.${s}`) }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

function ApplicationsTab() {
  const { t } = useTranslation();
  const [itemId, setItemId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const items = useRequest((signal) => fetchItems(signal), []);
  const list = useRequest((signal) => fetchApplications({ itemId, page, pageSize }, signal), [itemId, page, pageSize]);

  const columns: TableColumnsType<HandledSummary> = [
    {
      title: t('evidence.number'),
      dataIndex: 'number',
      width: 200,
      render: (v: string, a) => (
        <Link to={`/evidence/applications/${a.id}`} data-testid="evidence-application-link">
          {v}
        </Link>
      ),
    },
    { title: t('evidence.itemName'), dataIndex: 'itemName' },
    { title: t('evidence.applicant'), dataIndex: 'applicantName', width: 110 },
    { title: t('evidence.applicantId'), dataIndex: 'applicantIdMasked', width: 190 },
    { title: t('evidence.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('evidence.paperFree'),
      dataIndex: 'paperFree',
      width: 130,
      render: (v: boolean) => <Tag color={v ? 'success' : 'warning'}>{v ? t('evidence.paperFree') : t('evidence.needsPaper')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'view',
      width: 80,
      render: (_: unknown, a) => <Link to={`/evidence/applications/${a.id}`}>{t('evidence.view')}</Link>,
    },
  ];

  return (
    <Card
      title={t('evidence.applications')}
      extra={
        <Space>
          <Select
            allowClear
            placeholder={t('evidence.allItems')}
            value={itemId}
            onChange={(v) => {
              setItemId(v);
              setPage(1);
            }}
            options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
            style={{ width: 260 }}
            optionFilterProp="label"
            showSearch
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('evidence.applicationsNote')}</Typography.Paragraph>
      {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table<HandledSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('evidence.noApplications') }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        data-testid="evidence-applications"
      />
    </Card>
  );
}

type StatRow = EvidenceStats['items'][number];

function StatsTab() {
  const { t } = useTranslation();
  const stats = useRequest((signal) => fetchEvidenceStats(signal), []);
  const data = stats.data;

  const option = useMemo(() => {
    const rows = data?.items ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.itemName), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: t('evidence.statsApplications'), type: 'bar', data: rows.map((r) => r.applications), itemStyle: { color: '#8c8c8c' } },
        { name: t('evidence.statsSubmitted'), type: 'bar', data: rows.map((r) => r.submitted), itemStyle: { color: '#1554ad' } },
        { name: t('evidence.statsPaperFree'), type: 'bar', data: rows.map((r) => r.paperFree), itemStyle: { color: '#389e0d' } },
        {
          name: t('evidence.statsShare'),
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => Math.round(r.paperFreeShare * 1000) / 10),
          itemStyle: { color: '#d46b08' },
          tooltip: { valueFormatter: (v: number) => `${v}%` },
        },
      ],
    };
  }, [data, t]);

  const columns: TableColumnsType<StatRow> = [
    { title: t('evidence.itemName'), dataIndex: 'itemName' },
    { title: t('evidence.org'), dataIndex: 'orgName', width: 200 },
    { title: t('evidence.statsApplications'), dataIndex: 'applications', width: 90, align: 'right' },
    { title: t('evidence.statsSubmitted'), dataIndex: 'submitted', width: 90, align: 'right' },
    { title: t('evidence.statsPaperFree'), dataIndex: 'paperFree', width: 110, align: 'right' },
    { title: t('evidence.statsShare'), dataIndex: 'paperFreeShare', width: 100, align: 'right', render: (v: number) => percent(v) },
  ];

  return (
    <>
      {stats.error !== undefined && <Alert type="error" showIcon message={errorText(stats.error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col flex="1 1 180px">
          <StatCard title={t('evidence.statsApplications')} value={data?.totals.applications} loading={!data} icon={<SolutionOutlined />} color="#8c8c8c" valueTestId="evidence-stat-applications" />
        </Col>
        <Col flex="1 1 180px">
          <StatCard title={t('evidence.statsSubmitted')} value={data?.totals.submitted} loading={!data} icon={<FileDoneOutlined />} color="#1554ad" valueTestId="evidence-stat-submitted" />
        </Col>
        <Col flex="1 1 180px">
          <StatCard title={t('evidence.statsPaperFree')} value={data?.totals.paperFree} loading={!data} icon={<CheckCircleOutlined />} color="#389e0d" valueTestId="evidence-stat-paper-free" />
        </Col>
        <Col flex="1 1 180px">
          <Card loading={!data}>
            <Space direction="vertical" size={0}>
              <Typography.Text type="secondary">
                <PercentageOutlined /> {t('evidence.statsShare')}
              </Typography.Text>
              <Typography.Text strong style={{ fontSize: 24, color: '#d46b08' }} data-testid="evidence-stat-share">
                {data ? percent(data.totals.paperFreeShare) : '—'}
              </Typography.Text>
            </Space>
          </Card>
        </Col>
      </Row>
      <Card title={t('evidence.chartTitle')} style={{ marginBottom: 16 }} extra={<Button icon={<ReloadOutlined />} onClick={stats.reload} loading={stats.loading} />}>
        {data && data.items.length > 0 ? <Chart option={option} height={360} testId="evidence-stats-chart" /> : <Typography.Text type="secondary">{t('evidence.noStats')}</Typography.Text>}
      </Card>
      <Card>
        <Table<StatRow>
          rowKey="itemId"
          size="small"
          loading={stats.loading}
          columns={columns}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('evidence.noStats') }}
          pagination={false}
          scroll={{ x: 800 }}
          data-testid="evidence-stats"
          summary={() =>
            data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <Typography.Text strong>{t('evidence.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{data.totals.applications}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{data.totals.submitted}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{data.totals.paperFree}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{percent(data.totals.paperFreeShare)}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </>
  );
}

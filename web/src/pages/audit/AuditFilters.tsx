import { Button, DatePicker, Form, Input, Space } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import OrgTreeSelect from '../../components/OrgTreeSelect';
import { shanghaiDayBoundary } from '../../format';
import { useOrgTree } from '../../hooks/useOrgTree';

export interface AuditFilter {
  actor?: string;
  orgId?: string;
  action?: string;
  from?: string;
  to?: string;
}

interface FormValues {
  actor?: string;
  orgId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditFilters({ onChange }: { onChange: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const { data: tree, loading } = useOrgTree();

  const apply = (values: FormValues) => {
    const [start, end] = values.range ?? [null, null];
    onChange({
      actor: values.actor?.trim() || undefined,
      orgId: values.orgId || undefined,
      action: values.action?.trim() || undefined,
      // Picked dates are calendar days in Asia/Shanghai, whatever the browser's own zone.
      from: start ? shanghaiDayBoundary(start.format('YYYY-MM-DD'), false) : undefined,
      to: end ? shanghaiDayBoundary(end.format('YYYY-MM-DD'), true) : undefined,
    });
  };

  return (
    <Form<FormValues> form={form} layout="inline" onFinish={apply} style={{ rowGap: 12 }} data-testid="audit-filters">
      <Form.Item name="actor" label={t('audit.actor')}>
        <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 180 }} data-testid="audit-filter-actor" />
      </Form.Item>
      <Form.Item name="orgId" label={t('audit.org')}>
        <OrgTreeSelect
          tree={tree}
          loading={loading}
          allowClear
          placeholder={t('audit.orgPlaceholder')}
          style={{ width: 220 }}
          data-testid="audit-filter-org"
        />
      </Form.Item>
      <Form.Item name="action" label={t('audit.action')}>
        <Input allowClear placeholder={t('audit.actionPlaceholder')} style={{ width: 180 }} data-testid="audit-filter-action" />
      </Form.Item>
      <Form.Item name="range" label={t('audit.dateRange')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-range" />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-filter-submit">
            {t('common.search')}
          </Button>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              form.resetFields();
              onChange({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

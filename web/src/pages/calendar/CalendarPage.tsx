import { useState } from 'react';
import { Alert, App, Button, Card, Col, Popconfirm, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CalendarOutlined, CoffeeOutlined, DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined, ToolOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { CALENDAR_EDIT_ROLES, hasAnyRole, useSession } from '../../auth/session';
import StatCard from '../../components/StatCard';
import { errorText } from '../../format';
import { useRequest } from '../../hooks/useRequest';
import CalendarDayModal from './CalendarDayModal';
import { currentYear, deleteCalendarDay, fetchCalendarYear, FIRST_YEAR, LAST_YEAR, type CalendarDay } from './calendarApi';

const asYear = (v: string | null): number | undefined => {
  const n = Number(v);
  return v && Number.isInteger(n) && n >= FIRST_YEAR && n <= LAST_YEAR ? n : undefined;
};

/** Ten years back to five ahead of this one (the State Council announces one year ahead), and the one shown. */
function yearOptions(shown: number, thisYear: number): number[] {
  const years = new Set<number>([shown]);
  for (let y = Math.max(FIRST_YEAR, thisYear - 10); y <= Math.min(LAST_YEAR, thisYear + 5); y++) years.add(y);
  return [...years].sort((a, b) => b - a);
}

/**
 * 工作日历: a year's public holidays (放假) and make-up working days (调休上班), over which time limits count
 * working days. Everyone may look; platform admins add, change and delete days. The year lives in the URL.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const canEdit = hasAnyRole(me, CALENDAR_EDIT_ROLES);
  const [params, setParams] = useSearchParams();
  const thisYear = currentYear();
  const year = asYear(params.get('year')) ?? thisYear;
  const [modal, setModal] = useState<{ editing: CalendarDay | null } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const { data, error, loading, reload } = useRequest((signal) => fetchCalendarYear(year, signal), [year]);
  // The previous year's answer stays in `data` while the next one loads: show nothing of it.
  const shown = data?.year === year ? data : undefined;
  const items = shown?.items ?? [];

  const goTo = (y: number) => {
    if (!Number.isInteger(y) || y < FIRST_YEAR || y > LAST_YEAR) return;
    const next = new URLSearchParams(params);
    if (y === thisYear) next.delete('year');
    else next.set('year', String(y));
    setParams(next, { replace: true });
  };

  const remove = async (d: CalendarDay) => {
    setBusy(d.day);
    try {
      await deleteCalendarDay(d.day);
      message.success(t('calendar.deletedOk', { day: d.day }));
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<CalendarDay> = [
    { title: t('calendar.day'), dataIndex: 'day', width: 140, render: (v: string) => <strong>{v}</strong> },
    { title: t('calendar.weekday'), key: 'weekday', width: 120, render: (_: unknown, d) => dayjs(d.day).format('dddd') },
    {
      title: t('calendar.type'),
      dataIndex: 'workday',
      width: 140,
      render: (workday: boolean) => (workday ? <Tag color="blue">{t('calendar.makeup')}</Tag> : <Tag color="red">{t('calendar.holiday')}</Tag>),
    },
    { title: t('calendar.name'), dataIndex: 'name' },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, d: CalendarDay) => (
              <Space size={4}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setModal({ editing: d })} data-testid={`calendar-edit-${d.day}`}>
                  {t('calendar.edit')}
                </Button>
                <Popconfirm
                  title={t('calendar.deleteTitle', { day: d.day })}
                  description={t('calendar.deleteConfirm')}
                  okText={t('calendar.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': `calendar-delete-confirm-${d.day}` }}
                  onConfirm={() => remove(d)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={busy === d.day} data-testid={`calendar-delete-${d.day}`}>
                    {t('calendar.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('menu.calendar')}
      extra={
        <Space wrap>
          <Space.Compact>
            <Button icon={<LeftOutlined />} onClick={() => goTo(year - 1)} disabled={year <= FIRST_YEAR} aria-label={t('calendar.prevYear')} data-testid="calendar-prev-year" />
            <Select<number>
              value={year}
              onChange={goTo}
              options={yearOptions(year, thisYear).map((y) => ({ value: y, label: String(y) }))}
              aria-label={t('calendar.year')}
              style={{ width: 96 }}
              data-testid="calendar-year"
            />
            <Button icon={<RightOutlined />} onClick={() => goTo(year + 1)} disabled={year >= LAST_YEAR} aria-label={t('calendar.nextYear')} data-testid="calendar-next-year" />
          </Space.Compact>
          {year !== thisYear && <Button onClick={() => goTo(thisYear)}>{t('calendar.thisYear')}</Button>}
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            {t('common.refresh')}
          </Button>
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ editing: null })} data-testid="calendar-add">
              {t('calendar.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendar.description')}</Typography.Paragraph>
      {!canEdit && <Alert type="info" showIcon message={t('calendar.readOnly')} style={{ marginBottom: 16 }} />}
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={8}>
          <StatCard title={t('calendar.workingDays')} value={shown?.workingDays} loading={loading && !shown} icon={<CalendarOutlined />} color="#1554ad" valueTestId="calendar-working-days" />
        </Col>
        <Col xs={24} sm={8}>
          <StatCard title={t('calendar.holidays')} value={shown ? items.filter((d) => !d.workday).length : undefined} loading={loading && !shown} icon={<CoffeeOutlined />} color="#cf1322" />
        </Col>
        <Col xs={24} sm={8}>
          <StatCard title={t('calendar.makeupDays')} value={shown ? items.filter((d) => d.workday).length : undefined} loading={loading && !shown} icon={<ToolOutlined />} color="#08979c" />
        </Col>
      </Row>
      <Table<CalendarDay>
        rowKey="day"
        loading={loading}
        columns={columns}
        dataSource={items}
        locale={{ emptyText: t('calendar.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        scroll={{ x: 720 }}
        data-testid="calendar-table"
      />
      <CalendarDayModal
        open={modal !== null}
        year={year}
        editing={modal?.editing ?? null}
        onClose={() => setModal(null)}
        onSaved={(n, complete) => {
          reload();
          if (complete) {
            message.success(t('calendar.savedOk', { n }));
            setModal(null);
          }
        }}
      />
    </Card>
  );
}

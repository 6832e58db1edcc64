import { useTranslation } from 'react-i18next';
import Chart from '../../components/Chart';
import { fillDays, shortDay } from '../../dates';
import { BRAND_BLUE_LIGHT } from '../../theme';
import type { Ledger } from '../../types';

/** Records per providing department, largest first (horizontal bars read well with long Chinese names). */
export function DepartmentRecordsChart({ data }: { data: Ledger['byDepartment'] }) {
  const { t } = useTranslation();
  const rows = [...data].sort((a, b) => a.records - b.records).slice(-15);
  const option = {
    grid: { left: 8, right: 48, top: 16, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        name: t('ledger.records'),
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => r.records),
        itemStyle: { color: BRAND_BLUE_LIGHT, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right' },
      },
    ],
  };
  return <Chart option={option} height={Math.max(240, rows.length * 36 + 40)} testId="ledger-dept-chart" />;
}

const SERIES = [
  { key: 'inserted', color: '#389e0d' },
  { key: 'updated', color: '#1677ff' },
  { key: 'rejected', color: '#cf1322' },
] as const;

/** Daily inserted / updated / rejected rows over the window, quiet days included. */
export function DailyVolumeChart({ data, days }: { data: Ledger['daily']; days: number }) {
  const { t } = useTranslation();
  const rows = fillDays(data, days, (day) => ({ day, inserted: 0, updated: 0, deleted: 0, rejected: 0, batches: 0 }));
  const option = {
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => shortDay(r.day)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: SERIES.map((s) => ({
      name: t(`ingest.${s.key}`),
      type: 'bar',
      stack: s.key === 'rejected' ? undefined : 'rows',
      barMaxWidth: 18,
      data: rows.map((r) => r[s.key]),
      itemStyle: { color: s.color },
    })),
  };
  return <Chart option={option} testId="ledger-daily-chart" />;
}

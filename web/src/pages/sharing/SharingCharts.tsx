import { useTranslation } from 'react-i18next';
import Chart from '../../components/Chart';
import { fillDays, shortDay } from '../../dates';
import { BRAND_BLUE_LIGHT } from '../../theme';
import type { SharingStats } from '../../types';

/** Calls and failed calls per day over the window, quiet days included. */
export function CallsPerDayChart({ data, days }: { data: SharingStats['perDay']; days: number }) {
  const { t } = useTranslation();
  const rows = fillDays(data, days, (day) => ({ day, calls: 0, failed: 0 }));
  const option = {
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: rows.map((r) => shortDay(r.day)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('sharing.stats.calls'),
        type: 'line',
        symbolSize: 6,
        data: rows.map((r) => r.calls),
        lineStyle: { color: BRAND_BLUE_LIGHT, width: 2 },
        itemStyle: { color: BRAND_BLUE_LIGHT },
        areaStyle: { color: 'rgba(21,84,173,0.10)' },
      },
      {
        name: t('sharing.stats.failed'),
        type: 'line',
        symbolSize: 6,
        data: rows.map((r) => r.failed),
        lineStyle: { color: '#cf1322', width: 2 },
        itemStyle: { color: '#cf1322' },
      },
    ],
  };
  return <Chart option={option} testId="sharing-per-day-chart" />;
}

/** Calls per resource or per consuming department, most called at the top (horizontal bars for long names). */
export function CallsByChart({ data, testId }: { data: SharingStats['byResource']; testId: string }) {
  const { t } = useTranslation();
  const rows = [...data].sort((a, b) => a.calls - b.calls);
  const option = {
    grid: { left: 8, right: 48, top: 32, bottom: 24, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.name || r.id), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      {
        name: t('sharing.stats.succeeded'),
        type: 'bar',
        stack: 'calls',
        barMaxWidth: 24,
        data: rows.map((r) => r.calls - r.failed),
        itemStyle: { color: BRAND_BLUE_LIGHT },
      },
      {
        name: t('sharing.stats.failed'),
        type: 'bar',
        stack: 'calls',
        barMaxWidth: 24,
        data: rows.map((r) => r.failed),
        itemStyle: { color: '#cf1322', borderRadius: [0, 4, 4, 0] },
      },
    ],
  };
  return <Chart option={option} height={Math.max(240, rows.length * 36 + 60)} testId={testId} />;
}

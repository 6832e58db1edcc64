import ReactEChartsCore from 'echarts-for-react/lib/core';
import { useTranslation } from 'react-i18next';
import { levelLabel } from '../../format';
import type { StatsOverview } from '../../types';
import { BRAND_BLUE_LIGHT } from '../../theme';
import { echarts } from './echarts';

const CHART_HEIGHT = 320;

export function OrgsByLevelChart({ data }: { data: StatsOverview['orgsByLevel'] }) {
  const { t } = useTranslation();
  const rows = [...data].sort((a, b) => a.level - b.level);
  const option = {
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => levelLabel(r.level, t)), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('home.count'),
        type: 'bar',
        barMaxWidth: 48,
        data: rows.map((r) => r.count),
        itemStyle: { color: BRAND_BLUE_LIGHT, borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top' },
      },
    ],
  };
  return (
    <div data-testid="chart-orgs-by-level">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: CHART_HEIGHT }} />
    </div>
  );
}

/** Fills missing days with 0 so the line always spans the last 14 days (Asia/Shanghai calendar). */
export function last14Days(data: StatsOverview['auditPerDay'], now = new Date()): Array<{ day: string; count: number }> {
  const byDay = new Map(data.map((d) => [d.day, d.count]));
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  const out: Array<{ day: string; count: number }> = [];
  for (let i = 13; i >= 0; i--) {
    const day = fmt.format(new Date(now.getTime() - i * 86_400_000));
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  // Keep any server days outside our window (clock skew) rather than silently dropping them.
  const known = new Set(out.map((d) => d.day));
  for (const d of data) if (!known.has(d.day)) out.push(d);
  return out.sort((a, b) => a.day.localeCompare(b.day)).slice(-14);
}

export function AuditPerDayChart({ data }: { data: StatsOverview['auditPerDay'] }) {
  const { t } = useTranslation();
  const rows = last14Days(data);
  const option = {
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: rows.map((r) => r.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('home.records'),
        type: 'line',
        symbolSize: 6,
        data: rows.map((r) => r.count),
        lineStyle: { color: '#13a8a8', width: 2 },
        itemStyle: { color: '#13a8a8' },
        areaStyle: { color: 'rgba(19,168,168,0.12)' },
      },
    ],
  };
  return (
    <div data-testid="chart-audit-per-day">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: CHART_HEIGHT }} />
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import Chart from '../../components/Chart';
import { fillDays, shortDay } from '../../dates';
import { scoreColor } from '../../format';
import type { QualityDashboard } from '../../types';

/** Mean score per department, worst first at the top. */
export function DepartmentScoreChart({ data }: { data: QualityDashboard['departments'] }) {
  const { t } = useTranslation();
  const rows = [...data].sort((a, b) => b.score - a.score).slice(-20);
  const option = {
    grid: { left: 8, right: 48, top: 16, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: rows.map((r) => r.name ?? r.orgId), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        name: t('quality.score'),
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => ({ value: r.score, itemStyle: { color: scoreColor(r.score), borderRadius: [0, 4, 4, 0] } })),
        label: { show: true, position: 'right' },
      },
    ],
  };
  return <Chart option={option} height={Math.max(240, rows.length * 36 + 40)} testId="quality-dept-chart" />;
}

/** Daily mean score over the last 30 days; days without checks are gaps, not zeros. */
export function ScoreHistoryChart({ data }: { data: QualityDashboard['history'] }) {
  const { t } = useTranslation();
  const rows = fillDays<{ day: string; score: number | null }>(data, 30, (day) => ({ day, score: null }));
  const option = {
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: rows.map((r) => shortDay(r.day)) },
    yAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
    series: [
      {
        name: t('quality.score'),
        type: 'line',
        connectNulls: true,
        symbolSize: 6,
        data: rows.map((r) => r.score),
        lineStyle: { color: '#13a8a8', width: 2 },
        itemStyle: { color: '#13a8a8' },
        areaStyle: { color: 'rgba(19,168,168,0.12)' },
      },
    ],
  };
  return <Chart option={option} testId="quality-history-chart" />;
}

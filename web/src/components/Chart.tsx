import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { EChartsCoreOption } from 'echarts/core';
import { echarts } from '../pages/home/echarts';

/** One ECharts chart in a div carrying the test id (the canvas itself cannot be queried by text). */
export default function Chart({ option, height = 320, testId }: { option: EChartsCoreOption; height?: number; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} />
    </div>
  );
}

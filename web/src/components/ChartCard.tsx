import type { ReactNode } from 'react';
import { Card, Empty, Skeleton } from 'antd';

interface ChartCardProps<T extends readonly unknown[]> {
  title: ReactNode;
  /** The rows to draw; a skeleton shows until they arrive. */
  data: T | undefined;
  /** When given, no rows show this note (carrying the chart's test id) instead of an empty chart. */
  empty?: { text: string; testId: string };
  /** Draws the chart from the rows. */
  children: (data: T) => ReactNode;
}

/** A titled card holding one chart, with its loading and (optionally) its empty state. */
export default function ChartCard<T extends readonly unknown[]>({ title, data, empty, children }: ChartCardProps<T>) {
  return (
    <Card title={title}>
      {!data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : empty && !data.length ? (
        <Empty description={empty.text} data-testid={empty.testId} />
      ) : (
        children(data)
      )}
    </Card>
  );
}

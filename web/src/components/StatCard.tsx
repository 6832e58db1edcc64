import type { ReactNode } from 'react';
import { Card, Statistic } from 'antd';

interface StatCardProps {
  title: string;
  /** Shown as 0 until known. */
  value: number | undefined;
  loading: boolean;
  icon: ReactNode;
  color: string;
  /** Paints the number in the icon's colour (e.g. when something is overdue). */
  highlight?: boolean;
  /** Makes the card a link-like button. */
  onClick?: () => void;
  /** Test id on the card. */
  testId?: string;
  /** Test id on the number itself. */
  valueTestId?: string;
}

/** One key figure in a card: a coloured icon, a title and a number. */
export default function StatCard({ title, value, loading, icon, color, highlight, onClick, testId, valueTestId }: StatCardProps) {
  return (
    <Card hoverable={onClick !== undefined} onClick={onClick} data-testid={testId}>
      <Statistic
        title={title}
        value={value ?? 0}
        loading={loading}
        prefix={<span style={{ color, marginRight: 4 }}>{icon}</span>}
        valueStyle={highlight ? { color } : undefined}
        valueRender={valueTestId === undefined ? undefined : (node) => <span data-testid={valueTestId}>{node}</span>}
      />
    </Card>
  );
}

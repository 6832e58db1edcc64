import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../types';
import { enumLabel, SensitivityTag } from './labels';

/** The items (信息项) of a catalog entry, read only. */
export default function CatalogItemsTable({ items }: { items: CatalogItem[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CatalogItem> = [
    { title: '#', key: 'index', width: 50, render: (_: unknown, __: CatalogItem, i: number) => i + 1 },
    { title: t('catalog.itemCode'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('catalog.itemName'), dataIndex: 'name' },
    { title: t('catalog.itemType'), dataIndex: 'type', width: 100, render: (v: string) => enumLabel(t, 'itemType', v) },
    {
      title: t('catalog.itemLength'),
      dataIndex: 'length',
      width: 90,
      render: (v: number | null, item) => (v == null ? '—' : item.type === 'decimal' && item.scale != null ? `${v},${item.scale}` : v),
    },
    { title: t('catalog.itemRequired'), dataIndex: 'required', width: 70, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    { title: t('catalog.itemKey'), dataIndex: 'key', width: 70, render: (v: boolean) => (v ? <Tag color="geekblue">{t('catalog.itemKey')}</Tag> : '') },
    { title: t('catalog.itemSensitivity'), dataIndex: 'sensitivity', width: 110, render: (v: string) => <SensitivityTag t={t} value={v} /> },
    { title: t('catalog.itemMask'), dataIndex: 'mask', width: 110, render: (v: string) => enumLabel(t, 'mask', v) },
  ];
  return (
    <Table<CatalogItem>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={items.length > 50 ? { pageSize: 50 } : false}
      locale={{ emptyText: t('catalog.noItems') }}
      scroll={{ x: 860 }}
      data-testid="catalog-items"
    />
  );
}

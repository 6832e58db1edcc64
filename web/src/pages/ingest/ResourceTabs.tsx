import { useState, type ReactNode } from 'react';
import { Button, Tabs, type TabsProps } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { DATA_IMPORT_ROLES, hasAnyRole, useSession } from '../../auth/session';
import { useRequest } from '../../hooks/useRequest';
import type { CatalogEntry, IngestRecord, Page } from '../../types';
import BatchesTable from './BatchesTable';
import RecordsTable from './RecordsTable';

type TabKey = 'items' | 'data' | 'batches';

/**
 * The lower part of a resource's page: its items, and — for a published resource whose viewer may read its
 * records (the provider's data people) — its data and import batches. A 403/404 hides those tabs quietly.
 */
export default function ResourceTabs({ entry, itemsTable }: { entry: CatalogEntry; itemsTable: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const mayRead = entry.version > 0 && hasAnyRole(me, DATA_IMPORT_ROLES);
  const records = useRequest(
    (signal) =>
      mayRead
        ? api.get<Page<IngestRecord>>(`/api/ingest/resources/${encodeURIComponent(entry.id)}/records`, { limit: pageSize, offset: (page - 1) * pageSize }, { signal })
        : undefined,
    [entry.id, mayRead, page, pageSize],
  );
  const denied = records.error instanceof ApiError && (records.error.status === 403 || records.error.status === 404);
  const showData = mayRead && !denied && (records.data !== undefined || records.error !== undefined);

  const requested = params.get('tab');
  const active: TabKey = showData && (requested === 'data' || requested === 'batches') ? requested : 'items';

  const items: TabsProps['items'] = [
    { key: 'items', label: <span data-testid="resource-tab-items">{`${t('ingest.tabItems')}（${entry.items.length}）`}</span>, children: itemsTable },
  ];
  if (showData) {
    items.push(
      {
        key: 'data',
        label: <span data-testid="resource-tab-data">{t('ingest.tabData')}{records.data ? `（${records.data.total}）` : ''}</span>,
        children: (
          <RecordsTable
            items={entry.items}
            records={records}
            paging={{
              page,
              pageSize,
              onChange: (p, size) => {
                setPage(size !== pageSize ? 1 : p);
                setPageSize(size);
              },
            }}
          />
        ),
      },
      { key: 'batches', label: <span data-testid="resource-tab-batches">{t('ingest.tabBatches')}</span>, children: <BatchesTable entryId={entry.id} /> },
    );
  }

  return (
    <Tabs
      activeKey={active}
      onChange={(key) => {
        const next = new URLSearchParams(params);
        if (key === 'items') next.delete('tab');
        else next.set('tab', key);
        setParams(next, { replace: true });
        if (key === 'data') records.reload();
      }}
      items={items}
      tabBarExtraContent={
        showData ? (
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => navigate(`/catalog/${entry.id}/import`)} data-testid="resource-import">
            {t('ingest.importData')}
          </Button>
        ) : null
      }
      data-testid="resource-tabs"
    />
  );
}

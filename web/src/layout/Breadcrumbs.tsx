import type { ReactNode } from 'react';
import { Breadcrumb } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { findEntry } from './nav';

export default function Breadcrumbs() {
  const { t } = useTranslation();
  const location = useLocation();
  const entry = findEntry(location.pathname);

  const items: Array<{ title: ReactNode }> = [
    {
      title: (
        <Link to="/">
          <HomeOutlined /> {t('menu.home')}
        </Link>
      ),
    },
  ];
  if (entry && entry.key !== 'home') {
    for (const crumb of entry.crumbs ?? []) items.push({ title: t(crumb) });
    items.push({ title: t(entry.labelKey) });
  }
  return <Breadcrumb items={items} style={{ marginBottom: 16 }} data-testid="breadcrumbs" />;
}

import type { TFunction } from 'i18next';
import { Tag } from 'antd';
import type { DataGrade, EntryStatus, ShareType } from '../../types';

export type CatalogEnum =
  | 'resourceClass'
  | 'shareType'
  | 'shareMode'
  | 'openType'
  | 'dataGrade'
  | 'updateFrequency'
  | 'status'
  | 'itemType'
  | 'sensitivity'
  | 'mask';

/** Localised label of a catalog enum code (codes are English; the console shows the Chinese terms). */
export function enumLabel(t: TFunction, kind: CatalogEnum, value: string): string {
  return t(`catalog.enums.${kind}.${value}`, { defaultValue: value });
}

export function enumOptions(t: TFunction, kind: CatalogEnum, values: readonly string[]) {
  return values.map((value) => ({ value, label: enumLabel(t, kind, value) }));
}

const SHARE_COLORS: Record<ShareType, string> = { unconditional: 'green', conditional: 'gold', none: 'default' };
const GRADE_COLORS: Record<DataGrade, string> = { core: 'red', important: 'orange', general: 'blue' };
const STATUS_COLORS: Record<EntryStatus, string> = { draft: 'default', submitted: 'processing', published: 'success', returned: 'error' };
const SENSITIVITY_COLORS: Record<string, string> = { public: 'green', internal: 'blue', sensitive: 'orange', personal: 'red' };

export function ShareTypeTag({ t, value }: { t: TFunction; value: ShareType }) {
  return <Tag color={SHARE_COLORS[value]}>{enumLabel(t, 'shareType', value)}</Tag>;
}

export function DataGradeTag({ t, value }: { t: TFunction; value: DataGrade }) {
  return <Tag color={GRADE_COLORS[value]}>{enumLabel(t, 'dataGrade', value)}</Tag>;
}

export function StatusTag({ t, value }: { t: TFunction; value: EntryStatus }) {
  return (
    <Tag color={STATUS_COLORS[value]} data-testid="catalog-status">
      {enumLabel(t, 'status', value)}
    </Tag>
  );
}

export function SensitivityTag({ t, value }: { t: TFunction; value: string }) {
  return <Tag color={SENSITIVITY_COLORS[value] ?? 'default'}>{enumLabel(t, 'sensitivity', value)}</Tag>;
}

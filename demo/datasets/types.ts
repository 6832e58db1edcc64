/** The public types of the demo datasets: rows, quality rules, dataset definitions and generation options. */
import type { CatalogEntryContent } from '../../src/modules/catalog/model.ts';

export type DemoRow = Record<string, string | number | boolean | null>;

/**
 * A quality rule the demo attaches to a dataset. Params by kind:
 * required / citizen_id / uscc / mobile: none (the format rules skip empty values);
 * unique: `item`, or `params.items` for a composite key; pattern: `{ regex }` (a JavaScript/POSIX-compatible
 * source); code_table: `{ values: string[] }`; range: `{ min?, max? }`; length: `{ min?, max? }` in characters;
 * valid_date: `{ min, max }` as 'YYYY-MM-DD'; reference: `{ dataset, item }` (a dataset key and its item);
 * freshness: `{ maxAgeDays }`; row_count_change: `{ maxChangeRatio }` between two imports.
 */
export interface QualityRuleSpec {
  kind:
    | 'required'
    | 'unique'
    | 'pattern'
    | 'code_table'
    | 'range'
    | 'length'
    | 'valid_date'
    | 'citizen_id'
    | 'uscc'
    | 'mobile'
    | 'reference'
    | 'freshness'
    | 'row_count_change';
  item?: string;
  params?: Record<string, unknown>;
}

export interface DemoDataset {
  key: string;
  /** The providing department's `key` in weifang.ts DEPARTMENTS. */
  providerCode: string;
  content: CatalogEntryContent;
  /** Rows at scale 1; the demo default of 0.05 gives about 5,300 rows over all eight datasets. */
  rowsAtScale1: number;
  rules: QualityRuleSpec[];
  /** Not updated within its declared frequency: the seeder should import it with an old timestamp. */
  stale?: boolean;
}

export type PlantedDefectKind =
  | 'bad_citizen_id_check'
  | 'missing_required'
  | 'duplicate_key'
  | 'bad_uscc_check'
  | 'bad_mobile'
  | 'out_of_code_table'
  | 'dangling_reference';

export interface GenerateOptions {
  scale: number;
  seed?: number;
}

/** CSV export of a dataset, as the departments' Excel files would be. */
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { CatalogItem } from '../../src/modules/catalog/model.ts';
import { checkOptions, generateRows } from './generate.ts';
import type { DemoDataset, GenerateOptions } from './types.ts';

function csvField(value: string | number | boolean | null, item: CatalogItem): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return item.type === 'decimal' ? value.toFixed(item.scale ?? 2) : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Streams a dataset as CSV text bytes in UTF-8 or GB18030 (as Chinese Excel exports are), header = the items'
 * Chinese names. Like Excel: CRLF line ends, a BOM in front of UTF-8 (Excel's "CSV UTF-8"), none for GB18030,
 * booleans as 是/否, decimals with their scale's digits, empty fields for missing values.
 */
export function datasetCsv(dataset: DemoDataset, options: GenerateOptions & { encoding: 'utf-8' | 'gb18030' }): Readable {
  const { encoding } = options;
  if (encoding !== 'utf-8' && encoding !== 'gb18030') throw new RangeError(`unsupported encoding ${String(encoding)}`);
  checkOptions(options);
  const items = dataset.content.items;
  const encode = (text: string): Buffer => (encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  function* chunks(): Generator<Buffer> {
    let text = (encoding === 'utf-8' ? '\ufeff' : '') + items.map((i) => csvField(i.name, i)).join(',') + '\r\n';
    for (const row of generateRows(dataset, options)) {
      text += items.map((i) => csvField(row[i.code] ?? null, i)).join(',') + '\r\n';
      if (text.length >= 16_384) {
        yield encode(text);
        text = '';
      }
    }
    if (text) yield encode(text);
  }
  return Readable.from(chunks(), { objectMode: false });
}

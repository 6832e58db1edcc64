// XLSX rows through exceljs's streaming WorkbookReader: one row at a time, never the whole workbook. What it
// still holds is the shared-strings table (the distinct texts of the workbook), which no reader can avoid.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ByteSource } from './encoding.ts';
import { FileUnreadableError } from './unreadable.ts';

/** A worksheet row as cell values, index 0 for column A; absent cells are null. */
export interface CellRow {
  rowNumber: number;
  cells: unknown[];
}

// The parts of exceljs's streaming readers it sets but does not declare.
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
  iterator: unknown;
}
interface BookReader extends AsyncIterable<SheetReader> {
  model?: { sheets?: Array<{ name: string }> };
  properties?: { model?: { date1904?: boolean } };
}

const READER_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  // Dates are numbers with a date format: without the styles they would come out as serial numbers.
  styles: 'cache',
  // A hyperlink cell then keeps its shown text as its value.
  hyperlinks: 'ignore',
  entries: 'ignore',
} as const;

/** Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** exceljs's own test for a date format; it applies it to plain cells but leaves formula results as serial numbers. */
function isDateFormat(format: string | undefined): boolean {
  return !!format && /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function richText(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'richText' in value) {
    return (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text ?? '').join('');
  }
  return value ?? null;
}

/** The value a person sees in the cell: rich text, formulas and hyperlinks flattened, errors as their code. */
function cellValue(cell: ExcelJS.Cell, date1904: boolean): unknown {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return richText(value);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) return null;
    if (typeof result === 'object' && !(result instanceof Date)) return result.error;
    if (typeof result === 'number' && isDateFormat(cell.numFmt)) return excelDate(result, date1904);
    return result;
  }
  if ('text' in value) return richText(value.text);
  return null;
}

/**
 * exceljs parks the worksheets that come before the shared strings in the zip (Excel's own order) in temp
 * files and deletes each one only when iteration moves past it. A sheet read from such a file has an
 * fs.ReadStream as its source.
 */
function parked(sheet: SheetReader): fs.ReadStream | null {
  return sheet.iterator instanceof fs.ReadStream ? sheet.iterator : null;
}

/** Closes a parked sheet's file before exceljs deletes it, which it does as soon as it is stepped on. */
async function discard(sheet: SheetReader): Promise<void> {
  const file = parked(sheet);
  if (!file || file.closed) return;
  // Nothing is read from it any more: a late error (an abort, a failure to open) must not go uncaught.
  file.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
  file.destroy();
  await closed;
}

/** Steps exceljs past the remaining parked sheets so it deletes their temp files now, not at process exit. */
async function releaseParked(sheets: AsyncIterator<SheetReader>, current: SheetReader | null): Promise<void> {
  try {
    for (let sheet = current; sheet && parked(sheet); ) {
      await discard(sheet);
      const next = await sheets.next();
      sheet = next.done ? null : next.value;
    }
  } catch {
    // Only temp files are at stake here; the rows were read, or their failure is already on its way.
  }
}

/**
 * The rows of one worksheet (by name, else the first tab), skipping nothing: the caller decides about empty
 * rows. Reading stops at the end of that sheet; the rest of the file is not read.
 */
export async function* xlsxRows(bytes: ByteSource, sheetName: string | undefined): AsyncGenerator<CellRow> {
  const stream = Readable.from(bytes.chunks, { objectMode: false });
  // exceljs pipes the stream into its unzipper with pipe(), which does not pass errors on: unguarded, a failing
  // input would leave the iteration waiting forever. (Not Promise.race against one long-lived promise: that
  // keeps a reaction per call, so memory would grow with every row.)
  let failure: { error: unknown } | null = null;
  let onFailure: (error: unknown) => void = () => undefined;
  stream.on('error', (error) => {
    failure = { error };
    onFailure(error);
  });
  const guard = <T>(step: Promise<T>): Promise<T> =>
    failure
      ? Promise.reject(failure.error)
      : new Promise<T>((resolve, reject) => {
          onFailure = reject;
          step.then(resolve, reject);
        });

  // Loaded on first use: exceljs is large, and most imports are CSV.
  const { default: excel } = await import('exceljs');
  const book = new excel.stream.xlsx.WorkbookReader(stream, READER_OPTIONS) as unknown as BookReader;
  const sheets = book[Symbol.asyncIterator]();
  let current: SheetReader | null = null;
  // True while exceljs waits at one of its yields: only then may it be stepped on or closed.
  let idle = false;
  const seen: string[] = [];
  try {
    for (;;) {
      const next = await guard(sheets.next());
      if (next.done) break;
      current = next.value;
      const tabs = book.model?.sheets?.map((s) => s.name) ?? [];
      // A sheet whose name exceljs could not resolve from the workbook's relations is taken as it comes.
      const wanted = sheetName ?? (tabs.includes(current.name) ? tabs[0] : current.name);
      if (current.name !== wanted) {
        seen.push(current.name);
        await discard(current);
        continue;
      }
      const date1904 = book.properties?.model?.date1904 === true;
      const rows = current[Symbol.asyncIterator]();
      let previous = 0;
      try {
        for (;;) {
          const row = await guard(rows.next());
          if (row.done) break;
          const rowNumber = Number.isInteger(row.value.number) ? row.value.number : previous + 1;
          previous = rowNumber;
          const cells: unknown[] = [];
          row.value.eachCell((cell, column) => {
            cells[column - 1] = cellValue(cell, date1904);
          });
          idle = true;
          yield { rowNumber, cells: Array.from(cells, (v) => v ?? null) };
          idle = false;
        }
        idle = true;
      } finally {
        if (idle) await rows.return?.(undefined);
      }
      return;
    }
    idle = true;
    // Without a name asked for, this happens when the first tab is not a worksheet (a chart sheet).
    const missing = sheetName ?? book.model?.sheets?.[0]?.name;
    if (missing === undefined || !seen.length) throw new FileUnreadableError('文件中没有工作表', 'The file has no worksheet');
    throw new FileUnreadableError(
      `找不到名为“${missing}”的工作表（文件中的工作表：${seen.join('、')}）`,
      `No worksheet is named "${missing}" (the file has: ${seen.join(', ')})`,
    );
  } finally {
    if (idle) await releaseParked(sheets, current);
    stream.destroy();
  }
}

// Reading the data files departments upload (CSV, XLSX, JSON, NDJSON) as records, one at a time. Files can be
// gigabytes, so every reader streams: it pulls the input only as fast as the caller takes records and holds
// one record at a time, besides parser buffers and, for XLSX, the workbook's shared-strings table.
//
// Row numbers are what a person opening the file would call the row, so a problem report can point at it:
//   CSV   the record's position counting the header as 1, blank lines included: the row number Excel shows.
//         It equals the text line number unless an earlier quoted field spans several lines.
//   XLSX  the worksheet's own row number.
//   JSON  the element's 1-based position in the top-level array.
//   NDJSON the 1-based line number; blank lines are skipped but counted.
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { Assembler } from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { ByteSource, decodeText } from './encoding.ts';
import { FileUnreadableError } from './unreadable.ts';
import { columnLetters, xlsxRows } from './xlsx.ts';

export { FileUnreadableError } from './unreadable.ts';

export const FILE_FORMATS = ['csv', 'xlsx', 'json', 'ndjson'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
export const TEXT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** One record read from a file, or the reason one position of the file could not be read as a record. */
export type SourceRow =
  | { rowNumber: number; values: Record<string, unknown> }
  | { rowNumber: number; error: { zh: string; en: string } };

export interface ReadOptions {
  format: FileFormat;
  /** Text formats only; default 'auto' (UTF-8 or GB18030, see encoding.ts). */
  encoding?: TextEncoding;
  /** XLSX: worksheet name, default the first sheet. */
  sheet?: string;
  /** Cumulative raw bytes consumed from the input, for progress bars. */
  onBytes?: (bytesRead: number) => void;
}

/** A CSV row or NDJSON line longer than this is taken for a broken file rather than buffered on. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * The records of a file, streamed, in batches of up to a thousand: a bulk import then pays one asynchronous
 * hop per batch instead of per record. Positions that cannot be read as a record come as `error` rows and
 * reading goes on; a file that cannot be read at all throws FileUnreadableError (after the rows before the
 * damage). A failure of the input stream itself is thrown as it is. Leaving the loop early destroys the input.
 */
export async function* readRecordBatches(input: NodeJS.ReadableStream | Readable, options: ReadOptions): AsyncIterable<SourceRow[]> {
  const encoding = options.encoding ?? 'auto';
  if (!FILE_FORMATS.includes(options.format)) throw new TypeError(`unknown file format: ${String(options.format)}`);
  if (!TEXT_ENCODINGS.includes(encoding)) throw new TypeError(`unknown text encoding: ${String(encoding)}`);
  const readable = input instanceof Readable ? input : new Readable().wrap(input);
  const bytes = new ByteSource(readable, options.onBytes);
  const text = () => decodeText(bytes.chunks, encoding);
  try {
    switch (options.format) {
      case 'csv':
        yield* csvBatches(decodeText(bytes.chunks, encoding, { utf8AsBytes: true }));
        break;
      case 'xlsx':
        yield* inBatches(xlsxRecords(bytes, options.sheet));
        break;
      case 'json':
        yield* inBatches(jsonRecords(text()));
        break;
      case 'ndjson':
        yield* inBatches(ndjsonRecords(text()));
        break;
    }
  } catch (err) {
    if (err === bytes.error || err instanceof FileUnreadableError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new FileUnreadableError(`文件无法读取：${reason}`, `The file cannot be read: ${reason}`, { cause: err });
  } finally {
    readable.destroy();
    if (readable !== input) (input as { destroy?: () => void }).destroy?.();
  }
}

/** The records of a file one at a time (see readRecordBatches). */
export async function* readRecords(input: NodeJS.ReadableStream | Readable, options: ReadOptions): AsyncIterable<SourceRow> {
  for await (const batch of readRecordBatches(input, options)) yield* batch;
}

const BATCH = 1000;

async function* inBatches(rows: AsyncIterable<SourceRow>): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  try {
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    // The rows before the damage are still the file's rows.
    if (batch.length) yield batch;
    throw err;
  }
  if (batch.length) yield batch;
}

/** Resolves when the stream has something to read, has ended or closed; rejects on its error. */
function readableOrEnd(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      cleanup();
      resolve();
    };
    const fail = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      stream.off('readable', done);
      stream.off('end', done);
      stream.off('close', done);
      stream.off('error', fail);
    };
    stream.on('readable', done);
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', fail);
  });
}

/** Guesses the format from a file name (".csv", ".xlsx", ".json", ".ndjson"/".jsonl"), null if unknown. */
export function formatFromFileName(name: string): FileFormat | null {
  const extension = /\.([a-z]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  switch (extension) {
    case 'csv':
    case 'xlsx':
    case 'json':
    case 'ndjson':
      return extension;
    case 'jsonl':
      return 'ndjson';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tables (CSV, XLSX): the first non-empty row names the columns.

type ColumnLabel = (index: number) => { zh: string; en: string };
const csvColumn: ColumnLabel = (i) => ({ zh: `第 ${i + 1} 列`, en: `column ${i + 1}` });
const xlsxColumn: ColumnLabel = (i) => ({ zh: `${columnLetters(i)} 列`, en: `column ${columnLetters(i)}` });

const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

function headerNames(cells: unknown[], label: ColumnLabel, exactWidth: boolean): string[] {
  const names = cells.map((cell) => (cell instanceof Date ? cell.toISOString() : String(cell ?? '')).replace(/^\uFEFF/, '').trim());
  // Empty cells after the last header of a sheet are invisible in Excel; in CSV they are commas someone wrote.
  if (!exactWidth) while (names.length && names[names.length - 1] === '') names.pop();
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const column = label(i);
    if (name === '') throw new FileUnreadableError(`表头${column.zh}为空`, `The header of ${column.en} is empty`);
    const earlier = first.get(name);
    if (earlier !== undefined) {
      const other = label(earlier);
      throw new FileUnreadableError(`表头“${name}”重复出现（${other.zh}和${column.zh}）`, `The header "${name}" appears twice (${other.en} and ${column.en})`);
    }
    first.set(name, i);
  });
  return names;
}

/**
 * Keys rows by the header. Entirely empty rows are skipped (their numbers stay used). CSV rows must have
 * exactly the header's width; a sheet row may stop early (missing cells are null) but must not have values
 * beyond the last header. Synchronous, so a record costs no extra hop through an async generator.
 */
class Table {
  private header: string[] | null = null;

  constructor(
    private readonly label: ColumnLabel,
    private readonly exactWidth: boolean,
  ) {}

  /** The record or error for a row; null for the header and for empty rows. */
  row(rowNumber: number, cells: unknown[]): SourceRow | null {
    if (cells.every(isBlank)) return null;
    const header = this.header;
    if (header === null) {
      this.header = headerNames(cells, this.label, this.exactWidth);
      return null;
    }
    if (this.exactWidth && cells.length !== header.length) {
      return {
        rowNumber,
        error: { zh: `该行有 ${cells.length} 列，表头有 ${header.length} 列`, en: `The row has ${cells.length} columns, the header has ${header.length}` },
      };
    }
    const stray = cells.findIndex((cell, i) => i >= header.length && !isBlank(cell));
    if (stray >= 0) {
      const column = this.label(stray);
      return { rowNumber, error: { zh: `${column.zh}有数据但没有表头`, en: `${column.en} has a value but no header` } };
    }
    // A prototype-less object: a column named "__proto__" is just a column, and no array of pairs per row.
    const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < header.length; i++) values[header[i]!] = cells[i] ?? null;
    return { rowNumber, values };
  }

  end(): void {
    if (this.header === null) throw new FileUnreadableError('文件中没有表头行（文件是空的）', 'The file has no header row (it is empty)');
  }
}

async function* xlsxRecords(bytes: ByteSource, sheet: string | undefined): AsyncGenerator<SourceRow> {
  const table = new Table(xlsxColumn, false);
  for await (const { rowNumber, cells } of xlsxRows(bytes, sheet)) {
    const row = table.row(rowNumber, cells);
    if (row) yield row;
  }
  table.end();
}

const CSV_PROBLEMS: Record<string, { zh: string; en: string }> = {
  CSV_QUOTE_NOT_CLOSED: { zh: '有引号没有闭合', en: 'has a quote that is never closed' },
  CSV_INVALID_CLOSING_QUOTE: { zh: '引号闭合后紧跟了其他字符', en: 'has text right after a closing quote' },
  CSV_MAX_RECORD_SIZE: { zh: '超过 64 MiB，文件可能已损坏', en: 'is over 64 MiB, the file looks broken' },
};

/** CSV records, numbered by record: blank lines are records too (of one empty cell), as in Excel. */
async function* csvBatches(text: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRow[]> {
  // Column counts are checked per row by Table, which reports them instead of failing the file.
  const parser = parse({ relax_column_count: true, skip_empty_lines: false, max_record_size: MAX_RECORD_BYTES });
  // Errors reach the loop below: pipeline destroys the parser with them.
  pipeline(text, parser, () => undefined);
  const table = new Table(csvColumn, true);
  let rowNumber = 0;
  try {
    for (;;) {
      // Take what the parser holds synchronously; wait only when it is empty.
      const batch: SourceRow[] = [];
      let record: string[] | null;
      while (batch.length < BATCH && (record = parser.read() as string[] | null) !== null) {
        const row = table.row(++rowNumber, record);
        if (row) batch.push(row);
      }
      if (batch.length) {
        yield batch;
        continue;
      }
      if (parser.errored) throw parser.errored;
      if (parser.readableEnded || parser.destroyed) break;
      await readableOrEnd(parser);
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // csv-parse counts the records it produced; the broken one is the next.
    const records = (err as { records?: unknown }).records;
    const row = typeof records === 'number' ? records + 1 : rowNumber + 1;
    const problem = CSV_PROBLEMS[err.code] ?? { zh: `格式不正确（${err.message}）`, en: `is malformed (${err.message})` };
    throw new FileUnreadableError(`CSV 文件第 ${row} 行${problem.zh}`, `Row ${row} of the CSV file ${problem.en}`, { cause: err });
  }
  table.end();
}

// ---------------------------------------------------------------------------------------------------------
// JSON and NDJSON.

function notAnObject(value: unknown): { zh: string; en: string } {
  const [zh, en] = Array.isArray(value)
    ? ['数组', 'an array']
    : value === null
      ? ['null', 'null']
      : typeof value === 'string'
        ? ['字符串', 'a string']
        : typeof value === 'number'
          ? ['数字', 'a number']
          : typeof value === 'boolean'
            ? ['布尔值', 'a boolean']
            : ['其他值', 'something else'];
  return { zh: `不是 JSON 对象（而是${zh}）`, en: `Not a JSON object (it is ${en})` };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON number as a number, or as its literal text when a double would change it: 16+ digit IDs and long
 * decimals must reach the typed-value rules exactly as written, and those work on text anyway.
 */
function jsonNumber(literal: string): number | string {
  const n = Number(literal);
  if (/^-?\d+$/.test(literal)) return Number.isSafeInteger(n) ? n : literal;
  const digits = literal.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15 ? n : literal;
}

/** stream-json's (stream-chain's) marker for "no more input", which makes its tokenizer finish or complain. */
const END_OF_INPUT = Symbol.for('object-stream.none');

/** Elements of the top-level array, assembled one at a time from stream-json's tokens. */
async function* jsonRecords(text: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  const tokenize = jsonParser({ streamValues: false });
  const assembler = new Assembler();
  let started = false;
  let index = 0;
  const take = function* (tokens: ReturnType<typeof tokenize>): Generator<SourceRow> {
    if (typeof tokens === 'symbol') return;
    for (const token of tokens.values) {
      if (!started) {
        if (token.name !== 'startArray') {
          throw new FileUnreadableError('JSON 文件的最外层必须是数组，形如 [{...}, {...}]', 'The JSON file must hold an array of objects, like [{...}, {...}]');
        }
        started = true;
      }
      assembler.consume(numberAsWritten(token));
      if (assembler.depth !== 1) continue;
      const elements = assembler.current as unknown[];
      if (!elements.length) continue;
      const value = elements.pop();
      index += 1;
      yield isRecord(value) ? { rowNumber: index, values: value } : { rowNumber: index, error: notAnObject(value) };
    }
  };
  try {
    for await (const chunk of text) yield* take(tokenize(chunk));
    yield* take(tokenize(END_OF_INPUT as unknown as string));
  } catch (err) {
    if (err instanceof FileUnreadableError || !(err instanceof Error) || !err.message.startsWith('Parser')) throw err;
    if (!started) throw new FileUnreadableError('文件是空的或不是 JSON', 'The file is empty or not JSON', { cause: err });
    throw new FileUnreadableError(
      `JSON 格式错误（已读 ${index} 个元素）：${err.message}`,
      `The JSON is malformed (after ${index} elements): ${err.message}`,
      { cause: err },
    );
  }
}

function numberAsWritten(token: Token): Token {
  if (token.name !== 'numberValue') return token;
  const value = jsonNumber(token.value);
  return typeof value === 'string' ? { name: 'stringValue', value } : token;
}

const JSON_NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Quotes the number literals of valid JSON text that jsonNumber keeps as text, so JSON.parse keeps them exact. */
function quoteLongNumbers(json: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22) {
      for (i++; json.charCodeAt(i) !== 0x22; i++) if (json.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      JSON_NUMBER.lastIndex = i;
      const literal = JSON_NUMBER.exec(json)?.[0] ?? json[i]!;
      if (typeof jsonNumber(literal) === 'string') {
        out += `${json.slice(copied, i)}"${literal}"`;
        copied = i + literal.length;
      }
      i += literal.length - 1;
    }
  }
  return out + json.slice(copied);
}

function ndjsonLine(line: string, rowNumber: number): SourceRow | null {
  const text = line.trim(); // also drops the \r of CRLF files and a byte-order mark
  if (text === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (/[\d.]{16}/.test(text)) value = JSON.parse(quoteLongNumbers(text));
  } catch (err) {
    const reason = (err as Error).message;
    return { rowNumber, error: { zh: `不是合法的 JSON（${reason}）`, en: `Not valid JSON (${reason})` } };
  }
  return isRecord(value) ? { rowNumber, values: value } : { rowNumber, error: notAnObject(value) };
}

async function* ndjsonRecords(text: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  let pending = '';
  let lineNumber = 0;
  for await (const chunk of text) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      const row = ndjsonLine(pending.slice(start, end), ++lineNumber);
      if (row) yield row;
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_RECORD_BYTES) {
      throw new FileUnreadableError(`第 ${lineNumber + 1} 行超过 64 MiB，文件可能已损坏`, `Line ${lineNumber + 1} is over 64 MiB, the file looks broken`);
    }
  }
  const row = ndjsonLine(pending, ++lineNumber);
  if (row) yield row;
}

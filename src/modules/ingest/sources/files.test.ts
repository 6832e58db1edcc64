import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { guessCharset, SNIFF_BYTES } from './encoding.ts';
import { FileUnreadableError, formatFromFileName, readRecords, type ReadOptions, type SourceRow } from './files.ts';

/** The bytes as a stream of chunks of the given size, so characters and records get cut between chunks. */
function chunked(bytes: Buffer, size = 7): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

async function readAll(input: Readable, options: ReadOptions): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readRecords(input, options)) rows.push(row);
  return rows;
}

const csv = (text: string, options: Partial<ReadOptions> = {}) => readAll(chunked(Buffer.from(text)), { format: 'csv', ...options });

async function unreadable(rows: Promise<unknown>): Promise<FileUnreadableError> {
  const err = await rows.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FileUnreadableError);
  return err as FileUnreadableError;
}

/**
 * A stream that makes its bytes only when asked, without end: `produced` tells how much the reader pulled. A
 * reader that collected the rows or read the file through would never finish.
 */
class Endless extends Readable {
  produced = 0;
  private n = 0;
  constructor(
    private readonly head: string,
    private readonly line: (n: number) => string,
  ) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _read(): void {
    let text = this.n === 0 ? this.head : '';
    for (let i = 0; i < 100; i++) text += this.line(++this.n);
    const bytes = Buffer.from(text);
    this.produced += bytes.length;
    this.push(bytes);
  }
}

describe('formatFromFileName', () => {
  it('knows the four formats by extension, in any case, and nothing else', () => {
    expect(formatFromFileName('人口.CSV')).toBe('csv');
    expect(formatFromFileName('dir.v2/data.xlsx')).toBe('xlsx');
    expect(formatFromFileName('a.json')).toBe('json');
    expect(formatFromFileName('a.ndjson')).toBe('ndjson');
    expect(formatFromFileName('a.jsonl')).toBe('ndjson');
    expect(formatFromFileName('old.xls')).toBeNull();
    expect(formatFromFileName('csv')).toBeNull();
  });
});

describe('CSV', () => {
  it('keys values by the trimmed header, keeps empty strings and numbers rows as the file does', async () => {
    const rows = await csv(' name , age,city\nAlice,30,\nBob,,Weifang\n');
    expect(rows).toEqual([
      { rowNumber: 2, values: { name: 'Alice', age: '30', city: '' } },
      { rowNumber: 3, values: { name: 'Bob', age: '', city: 'Weifang' } },
    ]);
  });

  it('strips a UTF-8 byte-order mark from the first header', async () => {
    const rows = await readAll(chunked(Buffer.from('\uFEFF编号,名称\r\n1,潍坊\r\n')), { format: 'csv' });
    expect(rows).toEqual([{ rowNumber: 2, values: { 编号: '1', 名称: '潍坊' } }]);
  });

  it('reads GBK exports of Excel, guessed and when told so', async () => {
    const text = '统一社会信用代码,单位名称,所属区县\n91370700MA3C0000X1,潍坊市大数据中心,奎文区\n';
    const gbk = iconv.encode(text, 'gbk');
    expect(gbk.equals(Buffer.from(text))).toBe(false);
    const expected = [{ rowNumber: 2, values: { 统一社会信用代码: '91370700MA3C0000X1', 单位名称: '潍坊市大数据中心', 所属区县: '奎文区' } }];
    expect(await readAll(chunked(gbk), { format: 'csv' })).toEqual(expected);
    expect(await readAll(chunked(gbk), { format: 'csv', encoding: 'gb18030' })).toEqual(expected);
    // Told UTF-8, it does not guess: the GBK bytes come out as replacement characters.
    const forced = await readAll(chunked(gbk), { format: 'csv', encoding: 'utf-8' });
    expect(JSON.stringify(forced)).toContain('\uFFFD');
  });

  it('guesses from the first non-ASCII bytes, however deep into the file they come', async () => {
    // Two megabytes of codes and numbers, then Chinese: a sample of the first 64 KiB would be all ASCII.
    const ascii = Array.from({ length: 60_000 }, (_, i) => `${370702000000 + i},${i}\n`).join('');
    expect(ascii.length).toBeGreaterThan(16 * SNIFF_BYTES);
    const text = `code,name\n${ascii}370799000000,寒亭区\n`;
    for (const encoding of ['gbk', 'utf-8']) {
      const rows = await readAll(chunked(iconv.encode(text, encoding), 65_536), { format: 'csv' });
      expect(rows).toHaveLength(60_001);
      expect(rows.at(-1)).toEqual({ rowNumber: 60_002, values: { code: '370799000000', name: '寒亭区' } });
    }
  });

  it('does not take a UTF-8 character cut by the end of the sample window for GBK', async () => {
    const text = `name\n${'潍'.repeat(30_000)}\n`;
    const bytes = Buffer.from(text);
    const window = bytes.subarray(5, 5 + SNIFF_BYTES);
    expect(guessCharset(window, true)).toBe('gb18030'); // the window does end inside a character
    const rows = await readAll(chunked(bytes, 100_000), { format: 'csv' });
    expect(rows).toEqual([{ rowNumber: 2, values: { name: '潍'.repeat(30_000) } }]);
    const cut = Buffer.from('潍坊').subarray(0, 4);
    expect(guessCharset(cut, false)).toBe('utf-8');
    expect(guessCharset(cut, true)).toBe('gb18030');
  });

  it('reads quoted fields with commas, quotes and line breaks; rows count records, not lines', async () => {
    const rows = await csv('id,address,note\n1,"奎文区, 东风街","他说""好"""\n2,"第一行\n第二行",x\n3,plain,y\n');
    expect(rows).toEqual([
      { rowNumber: 2, values: { id: '1', address: '奎文区, 东风街', note: '他说"好"' } },
      { rowNumber: 3, values: { id: '2', address: '第一行\n第二行', note: 'x' } },
      { rowNumber: 4, values: { id: '3', address: 'plain', note: 'y' } },
    ]);
  });

  it('reports a row with the wrong number of columns and reads on', async () => {
    const rows = await csv('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(rows[1]).toEqual({ rowNumber: 3, error: { zh: '该行有 2 列，表头有 3 列', en: 'The row has 2 columns, the header has 3' } });
    expect(rows[2]).toMatchObject({ rowNumber: 4, error: { en: 'The row has 4 columns, the header has 3' } });
    expect(rows[3]).toEqual({ rowNumber: 5, values: { a: '10', b: '11', c: '12' } });
  });

  it('skips empty rows but keeps counting them', async () => {
    const rows = await csv('\na,b\n1,2\n\n,\n3,4');
    expect(rows).toEqual([
      { rowNumber: 3, values: { a: '1', b: '2' } },
      { rowNumber: 6, values: { a: '3', b: '4' } },
    ]);
  });

  it('refuses files without a usable header', async () => {
    expect((await unreadable(csv('名称,代码,名称\n1,2,3\n'))).zh).toBe('表头“名称”重复出现（第 1 列和第 3 列）');
    expect((await unreadable(csv('a,,c\n1,2,3\n'))).en).toBe('The header of column 2 is empty');
    expect((await unreadable(csv(''))).en).toMatch(/no header row/);
    expect((await unreadable(csv('\n\n'))).en).toMatch(/no header row/);
  });

  it('gives up on an unclosed quote, after the rows before it, naming the row', async () => {
    const rows: SourceRow[] = [];
    const err = await unreadable(
      (async () => {
        for await (const row of readRecords(chunked(Buffer.from('a,b\n1,2\n3,"oops\n4,5\n')), { format: 'csv' })) rows.push(row);
      })(),
    );
    expect(err.zh).toBe('CSV 文件第 3 行有引号没有闭合');
    expect(err.en).toBe('Row 3 of the CSV file has a quote that is never closed');
  });

  it('refuses UTF-16, which it would otherwise misread', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]);
    expect((await unreadable(readAll(chunked(utf16), { format: 'csv' }))).en).toMatch(/UTF-16/);
  });
});

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  build(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('XLSX', () => {
  it('reads typed cells, skips empty rows and numbers rows as the sheet does', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('人口');
      sheet.addRow(['姓名', '年龄', '出生日期', '在册', '备注']);
      sheet.addRow(['张三', 30, new Date(Date.UTC(1994, 4, 17)), true, '']);
      sheet.addRow([]);
      sheet.getCell('A4').value = { richText: [{ text: '李' }, { text: '四', font: { bold: true } }] };
      sheet.getCell('B4').value = { formula: '20+1', result: 21 };
      sheet.getCell('C4').value = { formula: 'C2+1', result: new Date(Date.UTC(1994, 4, 18)) };
      sheet.getCell('C4').numFmt = 'yyyy"年"m"月"d"日"';
      sheet.getCell('E4').value = { text: '官网', hyperlink: 'http://www.weifang.gov.cn' };
      sheet.getCell('C5').value = 3.5;
    });
    const rows = await readAll(chunked(file, 4096), { format: 'xlsx' });
    expect(rows).toEqual([
      // A cell set to '' is not written at all, so it reads like any absent cell: null.
      { rowNumber: 2, values: { 姓名: '张三', 年龄: 30, 出生日期: new Date(Date.UTC(1994, 4, 17)), 在册: true, 备注: null } },
      { rowNumber: 4, values: { 姓名: '李四', 年龄: 21, 出生日期: new Date(Date.UTC(1994, 4, 18)), 在册: null, 备注: '官网' } },
      { rowNumber: 5, values: { 姓名: null, 年龄: null, 出生日期: 3.5, 在册: null, 备注: null } },
    ]);
    expect((rows[0] as { values: Record<string, unknown> }).values['出生日期']).toBeInstanceOf(Date);
  });

  it('reads the first tab by default, another by name, and says which sheets there are', async () => {
    const file = await workbook((book) => {
      book.addWorksheet('说明').addRows([['内容'], ['请看第二页']]);
      book.addWorksheet('数据').addRows([['代码'], ['370702']]);
    });
    expect(await readAll(chunked(file, 4096), { format: 'xlsx' })).toEqual([{ rowNumber: 2, values: { 内容: '请看第二页' } }]);
    expect(await readAll(chunked(file, 4096), { format: 'xlsx', sheet: '数据' })).toEqual([{ rowNumber: 2, values: { 代码: '370702' } }]);
    const err = await unreadable(readAll(chunked(file, 4096), { format: 'xlsx', sheet: '汇总' }));
    expect(err.zh).toBe('找不到名为“汇总”的工作表（文件中的工作表：说明、数据）');
  });

  it('reports a value outside the header columns', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('s');
      sheet.addRow(['a', 'b']);
      sheet.addRow([1, 2, null, 'stray']);
      sheet.addRow([3]);
    });
    expect(await readAll(chunked(file, 4096), { format: 'xlsx' })).toEqual([
      { rowNumber: 2, error: { zh: 'D 列有数据但没有表头', en: 'column D has a value but no header' } },
      { rowNumber: 3, values: { a: 3, b: null } },
    ]);
  });

  it('refuses a file that is not a workbook', async () => {
    const err = await unreadable(readAll(chunked(Buffer.from('a,b\n1,2\n')), { format: 'xlsx' }));
    expect(err.zh).toMatch(/^文件无法读取/);
  });
});

describe('JSON', () => {
  it('reads the elements of the top-level array and reports those that are not objects', async () => {
    const text = '[{"统一社会信用代码":"91370700MA3C0000X1","人数":12,"详情":{"a":[1,2]}}, 7, null, ["x"], {"__proto__": 1}]';
    const rows = await readAll(chunked(Buffer.from(text), 5), { format: 'json' });
    expect(rows).toEqual([
      { rowNumber: 1, values: { 统一社会信用代码: '91370700MA3C0000X1', 人数: 12, 详情: { a: [1, 2] } } },
      { rowNumber: 2, error: { zh: '不是 JSON 对象（而是数字）', en: 'Not a JSON object (it is a number)' } },
      { rowNumber: 3, error: { zh: '不是 JSON 对象（而是null）', en: 'Not a JSON object (it is null)' } },
      { rowNumber: 4, error: { zh: '不是 JSON 对象（而是数组）', en: 'Not a JSON object (it is an array)' } },
      { rowNumber: 5, values: JSON.parse('{"__proto__": 1}') },
    ]);
    expect(Object.getPrototypeOf((rows[4] as { values: object }).values)).toBe(Object.prototype);
  });

  it('refuses JSON that is not an array, empty files and broken JSON (after the elements before the damage)', async () => {
    const json = (text: string) => readAll(chunked(Buffer.from(text)), { format: 'json' });
    expect((await unreadable(json('{"a": 1}'))).en).toMatch(/must hold an array/);
    expect((await unreadable(json(''))).en).toBe('The file is empty or not JSON');
    const rows: SourceRow[] = [];
    const err = await unreadable(
      (async () => {
        for await (const row of readRecords(chunked(Buffer.from('[{"a":1},{"a":2},{"a":')), { format: 'json' })) rows.push(row);
      })(),
    );
    expect(rows).toHaveLength(2);
    expect(err.en).toMatch(/^The JSON is malformed \(after 2 elements\)/);
  });

  it('keeps numbers a double would change as their exact text, in JSON and NDJSON', async () => {
    const object =
      '{"id":12345678901234567890,"n":42,"x":1.5,"e":2.5e3,"big":9007199254740993,"fine":9007199254740991,"long":0.12345678901234567,"dec":1234567.123456789,"s":"12345678901234567890"}';
    const expected = {
      id: '12345678901234567890',
      n: 42,
      x: 1.5,
      e: 2500,
      big: '9007199254740993',
      fine: 9007199254740991,
      long: '0.12345678901234567',
      dec: '1234567.123456789',
      s: '12345678901234567890',
    };
    expect(await readAll(chunked(Buffer.from(`[${object}]`)), { format: 'json' })).toEqual([{ rowNumber: 1, values: expected }]);
    expect(await readAll(chunked(Buffer.from(`${object}\n`)), { format: 'ndjson' })).toEqual([{ rowNumber: 1, values: expected }]);
  });
});

describe('NDJSON', () => {
  it('reads one object per line, reports bad lines, skips blank lines but counts them', async () => {
    const text = '{"a":1}\r\n\n{"a":2,\n"text"\n{"a":"三"}\n   \n[1]\n{"a":4}';
    const rows = await readAll(chunked(Buffer.from(text), 3), { format: 'ndjson' });
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 3, 4, 5, 7, 8]);
    expect(rows[0]).toEqual({ rowNumber: 1, values: { a: 1 } });
    expect(rows[1]).toMatchObject({ rowNumber: 3, error: { zh: expect.stringMatching(/^不是合法的 JSON/), en: expect.stringMatching(/^Not valid JSON/) } });
    expect(rows[2]).toEqual({ rowNumber: 4, error: { zh: '不是 JSON 对象（而是字符串）', en: 'Not a JSON object (it is a string)' } });
    expect(rows[3]).toEqual({ rowNumber: 5, values: { a: '三' } });
    expect(rows[4]).toMatchObject({ rowNumber: 7, error: { en: 'Not a JSON object (it is an array)' } });
    expect(rows[5]).toEqual({ rowNumber: 8, values: { a: 4 } });
  });

  it('decodes GBK lines too', async () => {
    const rows = await readAll(chunked(iconv.encode('{"区县":"青州市"}\n', 'gbk'), 3), { format: 'ndjson' });
    expect(rows).toEqual([{ rowNumber: 1, values: { 区县: '青州市' } }]);
  });
});

describe('streaming', () => {
  it('reports the bytes consumed as it goes, up to the size of the file', async () => {
    const file = Buffer.from(`编号,名称\n${Array.from({ length: 5000 }, (_, i) => `${i},单位${i}\n`).join('')}`);
    const seen: number[] = [];
    const rows = await readAll(chunked(file, 1000), { format: 'csv', onBytes: (n) => seen.push(n) });
    expect(rows).toHaveLength(5000);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(file.length);
  });

  it.each([
    ['csv', 'id,name,amount\n', (n: number) => `${n},name ${n},${n * 3}.50\n`],
    ['csv', '编号,名称\n', (n: number) => `${n},潍坊市第${n}号\n`],
    ['ndjson', '', (n: number) => `{"id":${n},"名称":"单位${n}"}\n`],
    ['json', '[', (n: number) => `${n > 1 ? ',' : ''}{"id":${n},"名称":"单位${n}"}\n`],
  ] as const)('%s: pulls only what the records taken need from an endless file (%j)', async (format, head, line) => {
    const input = new Endless(head, line);
    const started = Date.now();
    let taken = 0;
    for await (const row of readRecords(input, { format })) {
      expect(row).toHaveProperty('values');
      if (++taken === 1000) break;
    }
    expect(taken).toBe(1000);
    // 1000 rows are 30 to 40 KB; the rest is stream buffers and the 64 KiB sniffing window.
    expect(input.produced).toBeLessThan(256 * 1024);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(input.destroyed).toBe(true);
  });

  it.each(['csv', 'json', 'ndjson', 'xlsx'] as const)('%s: leaving the loop early destroys the input', async (format) => {
    const source =
      format === 'xlsx'
        ? await workbook((book) => book.addWorksheet('s').addRows([['n'], ...Array.from({ length: 2000 }, (_, i) => [i])]))
        : Buffer.from(
            format === 'csv'
              ? `n\n${Array.from({ length: 2000 }, (_, i) => `${i}\n`).join('')}`
              : format === 'json'
                ? JSON.stringify(Array.from({ length: 2000 }, (_, n) => ({ n })))
                : Array.from({ length: 2000 }, (_, n) => `{"n":${n}}\n`).join(''),
          );
    const input = chunked(source, 512);
    for await (const row of readRecords(input, { format })) {
      expect(row).toHaveProperty('values');
      break;
    }
    expect(input.destroyed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(input.closed).toBe(true);
    // Nothing keeps pulling from it. (Node's own async iterator leaves its error and close listeners on a
    // destroyed stream on purpose: a late error then cannot crash the process.)
    expect(input.listenerCount('data')).toBe(0);
    expect(input.readableFlowing).not.toBe(true);
  });

  it.each(['csv', 'json', 'ndjson', 'xlsx'] as const)('%s: a failing input throws its own error, not an unreadable file', async (format) => {
    const failure = new Error('disk gone');
    const head = format === 'xlsx' ? await workbook((book) => book.addWorksheet('s').addRows([['n'], [1]])) : Buffer.from(format === 'json' ? '[{"n":1},' : 'n\n1\n');
    const input = new Readable({
      read() {
        this.push(head.subarray(0, format === 'xlsx' ? 200 : head.length));
        this.destroy(failure);
      },
    });
    await expect(readAll(input, { format })).rejects.toBe(failure);
  });
});

// Raw bytes in, text out, one chunk at a time. Excel in China saves CSV as GBK unless told otherwise, and
// departments rarely know which they sent, so 'auto' tells UTF-8 from GB18030 (a superset of GBK) by looking.
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { FileUnreadableError } from './unreadable.ts';

export type Charset = 'utf-8' | 'gb18030';

/** How many bytes, counted from the first non-ASCII byte, decide the guess. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The input's bytes as Buffers, each reported to onBytes as it is pulled, so a progress bar follows what the
 * readers really consumed. A failure of the input itself is kept in `error`: the readers must let it through
 * as it is instead of blaming the file's content.
 */
export class ByteSource {
  error: unknown = undefined;
  readonly chunks: AsyncGenerator<Buffer>;

  constructor(input: Readable, onBytes?: (bytesRead: number) => void) {
    this.chunks = this.pull(input, onBytes);
  }

  private async *pull(input: Readable, onBytes?: (bytesRead: number) => void): AsyncGenerator<Buffer> {
    let total = 0;
    try {
      for await (const chunk of input) {
        const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array);
        total += bytes.length;
        onBytes?.(total);
        yield bytes;
      }
    } catch (err) {
      this.error = err;
      throw err;
    }
  }
}

/**
 * UTF-8 when the sample is well-formed UTF-8, else GB18030. GBK text is almost never valid UTF-8 for more than
 * a few characters, while the reverse test (is it valid GBK?) passes for most UTF-8 too, so only this direction
 * decides. `complete` says the sample runs to the end of the file: only then is a character cut at its end an
 * error rather than the edge of the window.
 */
export function guessCharset(sample: Uint8Array, complete: boolean): Charset {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function firstNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/**
 * Decodes byte chunks to text chunks with bounded memory. In 'auto' mode nothing is guessed while the bytes
 * are ASCII, which reads the same in both charsets: the guess is made on the SNIFF_BYTES starting at the first
 * non-ASCII byte, however deep into the file that comes (a GBK export whose first megabytes are codes and
 * numbers still decodes right). A UTF-8 byte-order mark settles it at once.
 */
export function decodeText(chunks: AsyncIterable<Buffer>, encoding: 'auto' | Charset): AsyncGenerator<string>;
export function decodeText(chunks: AsyncIterable<Buffer>, encoding: 'auto' | Charset, options: { utf8AsBytes: true }): AsyncGenerator<string | Buffer>;
export async function* decodeText(chunks: AsyncIterable<Buffer>, encoding: 'auto' | Charset, options: { utf8AsBytes?: boolean } = {}): AsyncGenerator<string | Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  try {
    yield* decode(it, encoding, options.utf8AsBytes ?? false);
  } finally {
    // Hand the stop on, so the input is released when the reader of the text stops early.
    await it.return?.();
  }
}

async function* decode(it: AsyncIterator<Buffer>, encoding: 'auto' | Charset, utf8AsBytes: boolean): AsyncGenerator<string | Buffer> {
  let charset: Charset | null = encoding === 'auto' ? null : encoding;
  const parts: Buffer[] = []; // the sample, from the first non-ASCII byte on
  let sampled = 0;
  let ended = false;
  let offset = 0; // of the sample in the file
  while (charset === null) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    let chunk = next.value;
    if (!parts.length) {
      const i = firstNonAscii(chunk);
      if (i < 0) {
        offset += chunk.length;
        if (chunk.length) yield chunk.toString('latin1');
        continue;
      }
      if (i > 0) yield chunk.toString('latin1', 0, i);
      offset += i;
      chunk = chunk.subarray(i);
    }
    parts.push(chunk);
    sampled += chunk.length;
    if (sampled >= SNIFF_BYTES) charset = charsetOf(Buffer.concat(parts), offset, false);
  }
  const sample = parts.length ? Buffer.concat(parts) : null;
  if (charset === null) {
    if (sample === null) return; // all ASCII (or empty): already passed through as it is
    charset = charsetOf(sample, offset, true);
  }
  if (charset === 'utf-8' && utf8AsBytes) {
    // A reader that decodes bytes itself (the CSV parser, field by field) gets UTF-8 as it is: decoding the
    // whole text here only for it to be encoded back would double the work. Only the byte-order mark goes.
    let first = sample;
    if (first && offset === 0 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) first = first.subarray(3);
    if (first?.length) yield first;
    if (!ended) {
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        yield next.value;
      }
    }
    return;
  }
  // The decoder drops a leading byte-order mark and carries characters cut between chunks over to the next.
  const decoder = iconv.getDecoder(charset);
  if (sample !== null) {
    const text = decoder.write(sample);
    if (text) yield text;
  }
  if (!ended) {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const text = decoder.write(next.value);
      if (text) yield text;
    }
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function charsetOf(sample: Buffer, offset: number, complete: boolean): Charset {
  if (offset === 0) {
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
    if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
      throw new FileUnreadableError(
        '文件是 UTF-16 编码，请另存为 UTF-8 或 GBK 编码的 CSV',
        'The file is UTF-16; save it as CSV in UTF-8 or GBK',
      );
    }
  }
  const window = sample.length > SNIFF_BYTES ? sample.subarray(0, SNIFF_BYTES) : sample;
  return guessCharset(window, complete && window.length === sample.length);
}

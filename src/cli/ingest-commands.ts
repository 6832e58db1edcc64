// `citystack ingest import`: an operator loads a data file on the server machine into a published resource,
// with a progress bar; rerunning the same file resumes an interrupted import or changes nothing.
import { statSync } from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { AuditContext } from '../kernel/audit.ts';
import { AppError } from '../kernel/errors.ts';
import { CliError, withPlatform } from './platform.ts';

const CLI_CONTEXT: AuditContext = { actor: { kind: 'system', id: null, name: 'cli', orgId: null }, requestId: null, ip: null };

export function registerIngestCommands(program: Command): void {
  const ingest = program.command('ingest').description('aggregate data into the typed storage of published resources');
  ingest
    .command('import <file>')
    .description('import a CSV (UTF-8 or GBK/GB18030), XLSX, JSON or NDJSON file into a published resource')
    .requiredOption('--resource <code>', 'resource code (e.g. WF0000032/000001) or catalog entry id')
    .option('--format <format>', 'csv, xlsx, json or ndjson (default: from the file name)')
    .option('--encoding <encoding>', 'auto, utf-8 or gb18030 (text formats)', 'auto')
    .action(async (file: string, opts: { resource: string; format?: string; encoding: string }) => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const { FILE_FORMATS, TEXT_ENCODINGS } = await import('../modules/ingest/sources/files.ts');
      if (opts.format && !(FILE_FORMATS as readonly string[]).includes(opts.format)) throw new CliError(`--format must be one of ${FILE_FORMATS.join(', ')}`);
      if (!(TEXT_ENCODINGS as readonly string[]).includes(opts.encoding)) throw new CliError(`--encoding must be one of ${TEXT_ENCODINGS.join(', ')}`);
      const { importFile, resourceTableByCode, loadResourceTable } = await import('../modules/ingest/index.ts');
      await withPlatform(async (ctx) => {
        const table = (await resourceTableByCode(ctx.db, opts.resource)) ?? (/^[0-9a-f-]{36}$/i.test(opts.resource) ? await loadResourceTable(ctx.db, opts.resource) : null);
        if (!table) throw new CliError(`no published resource ${opts.resource}`);
        const tty = process.stderr.isTTY;
        const bar = tty ? new SingleBar({ format: '导入 importing [{bar}] {percentage}% | {rows} rows | +{inserted} ~{updated} ✗{rejected}', hideCursor: true }, Presets.shades_classic) : null;
        bar?.start(size, 0, { rows: 0, inserted: 0, updated: 0, rejected: 0 });
        let lastLine = 0;
        try {
          const result = await importFile(
            ctx,
            'operator',
            { entryId: table.entryId, path: file, fileName: path.basename(file), format: opts.format as never, encoding: opts.encoding as never },
            CLI_CONTEXT,
            (p) => {
              if (bar) bar.update(p.bytesRead, { rows: p.rowsRead, inserted: p.inserted, updated: p.updated, rejected: p.rejected });
              else if (Date.now() - lastLine > 500) {
                lastLine = Date.now();
                process.stderr.write(`progress ${((100 * p.bytesRead) / Math.max(size, 1)).toFixed(0)}% rows ${p.rowsRead} inserted ${p.inserted} updated ${p.updated} rejected ${p.rejected}\n`);
              }
            },
          );
          bar?.update(size);
          bar?.stop();
          const b = result.batch;
          if (result.state === 'done') console.log(`already imported as batch ${b.id}: nothing changed`);
          else console.log(`batch ${b.id} ${b.status}${result.state === 'resumed' ? ' (resumed)' : ''}: ${b.rows_read} rows read, ${b.inserted} inserted, ${b.updated} updated, ${b.unchanged} unchanged, ${b.rejected} rejected`);
          if (Number(b.rejected) > 0) console.log(`rejected rows with reasons: GET /api/ingest/batches/${b.id}/rejections.csv`);
        } catch (err) {
          bar?.stop();
          if (err instanceof AppError) throw new CliError(err.detail?.zh ? `${err.detail.zh} (${err.detail.en})` : err.message);
          throw err;
        }
      });
    });
}

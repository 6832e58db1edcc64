// The `citystack` command: serve, migrate, demo, user create, apikey create, audit verify/checkpoint.
// Every command reads the same configuration as the server (environment, optional CITYSTACK_CONFIG file).
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../kernel/config.ts';
import { MasterKeyMismatch } from '../kernel/crypto.ts';
import { MigrationError } from '../kernel/migrator.ts';
import { AppError, ERROR_CODES } from '../kernel/errors.ts';
import { CliError } from './platform.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerIngestCommands } from './ingest-commands.ts';

export function buildCli(): Command {
  const program = new Command()
    .name('citystack')
    .description('CityStack 潍坊市一体化大数据平台: digital-government platform\nConfiguration comes from environment variables (see README).')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command('serve')
    .description('start the platform (API and console); migrates the database first')
    .addOption(new Option('--demo', 'seed Weifang demo data into an empty database').env('CITYSTACK_DEMO'))
    .option('-p, --port <port>', 'listen port (overrides CITYSTACK_PORT)')
    .action(async (opts: { demo?: boolean | string; port?: string }) => {
      const env = { ...process.env };
      if (opts.port) env.CITYSTACK_PORT = opts.port;
      if (opts.demo === true) env.CITYSTACK_DEMO = 'true';
      const { serve } = await import('./serve.ts');
      await serve(loadConfig(env));
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const { withPlatform } = await import('./platform.ts');
      await withPlatform(async (ctx) => {
        console.log(ctx.applied.length ? `applied ${ctx.applied.length} migration(s):\n  ${ctx.applied.join('\n  ')}` : 'database is up to date');
      });
    });

  registerAdminCommands(program);
  registerIngestCommands(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof ConfigError || err instanceof CliError || err instanceof MigrationError || err instanceof MasterKeyMismatch) {
      console.error(err.message);
    } else if (err instanceof AppError) {
      console.error(`${err.code}: ${err.detail?.zh ?? ERROR_CODES[err.code].zh} (${err.detail?.en ?? ERROR_CODES[err.code].en})`);
    } else {
      console.error(err);
    }
  }
}

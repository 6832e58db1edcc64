// Shared by the CLI's commands: a booted platform for the length of one command, and user-facing errors.
import { loadConfig, type Config } from '../kernel/config.ts';
import type { bootPlatform } from '../server/boot.ts';

/** Thrown by commands for a user-facing failure: printed without a stack, exit code 1. */
export class CliError extends Error {}

/** Boots the platform (migrating if needed), runs `work`, and closes the database. */
export async function withPlatform<T>(work: (ctx: Awaited<ReturnType<typeof bootPlatform>>) => Promise<T>, overrides: Partial<Config> = {}): Promise<T> {
  // Loaded on demand so that `--help` and argument errors answer at once.
  const { bootPlatform } = await import('../server/boot.ts');
  const ctx = await bootPlatform(loadConfig(process.env, { logLevel: 'warn', ...overrides }), { log: { info: () => undefined, error: () => undefined } });
  try {
    return await work(ctx);
  } finally {
    await ctx.db.close();
  }
}

// 公众用户 citizens: sign-in with mobile number and SMS code, sessions, and the real-name binding against the
// population register. Other modules use only what this file exports.
import { fileURLToPath } from 'node:url';
import type { PlatformContext } from '../../server/context.ts';
import type { Principal } from '../../server/access.ts';
import type { PlatformModule } from '../../server/module.ts';
import { scheduleJob } from '../../kernel/jobs.ts';
import type { Sql } from '../../kernel/db.ts';
import { citizenRoutes } from './routes.ts';
import { principalForCitizenSession, purgeOldCodes } from './sign-in.ts';
import { logSmsSender } from './sms.ts';

export { CITIZEN_COOKIE, citizenIdentity } from './sign-in.ts';
export { citizenOf } from '../../server/types.ts';
export type { SmsSender } from './sms.ts';

const PURGE_JOB = 'citizens.purge-codes';
function schedulePurge(sql: Sql, now: Date): Promise<void> {
  const runAt = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 + 86_400_000);
  return scheduleJob(sql, { kind: PURGE_JOB, runAt, dedupeKey: `${PURGE_JOB}:${runAt.toISOString()}` });
}

export const citizensModule: PlatformModule = {
  name: 'citizens',
  migrations: { module: 'citizens', dir: fileURLToPath(new URL('./migrations', import.meta.url)) },
  register(app, ctx) {
    // The only SMS provider so far writes to the server log (demo); a gateway plugs in behind SmsSender.
    citizenRoutes(app, ctx, logSmsSender(app.log));
    ctx.jobs.handle(PURGE_JOB, async (_job, tx) => {
      const now = ctx.clock.now();
      await purgeOldCodes(tx, new Date(now.getTime() - 86_400_000));
      await schedulePurge(tx, now);
    });
  },
  async start(ctx) {
    await schedulePurge(ctx.db, ctx.clock.now());
  },
};

/** Resolves a wallet session token (the citizen cookie) to its citizen. */
export const resolveCitizen = (ctx: PlatformContext, token: string): Promise<Principal | null> => principalForCitizenSession(ctx, token);

// Operator commands that act as the platform itself (audited as the "cli" system actor).
import { randomBytes } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { AuditContext } from '../kernel/audit.ts';
import { ROLES, type Role } from '../server/access.ts';

const directory = () => import('../modules/directory/index.ts');
import { CliError, withPlatform } from './platform.ts';

const CLI_CONTEXT: AuditContext = { actor: { kind: 'system', id: null, name: 'cli', orgId: null }, requestId: null, ip: null };

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerAdminCommands(program: Command): void {
  program
    .command('demo')
    .description('seed Weifang demo data (organisations, departments, one user per role, eight departmental datasets with planted defects) into an empty database')
    .option('--scale <n>', 'size of the datasets: 1 ≈ 106,000 records, 0 = none', '0.05')
    .action(async (opts: { scale: string }) => {
      const scale = Number(opts.scale);
      if (!Number.isFinite(scale) || scale < 0 || scale > 10_000) throw new CliError(`--scale must be a number from 0 to 10000, not ${opts.scale}`);
      const { seedDemo } = await import('../../demo/seed.ts');
      const { seedDemoDatasets } = await import('../../demo/seed-datasets.ts');
      const { seedDemoSharing } = await import('../../demo/seed-sharing.ts');
      const { seedDemoLicenceTypes, seedDemoLicences } = await import('../../demo/seed-credentials.ts');
      const { seedDemoEvidence } = await import('../../demo/seed-evidence.ts');
      await withPlatform(async (ctx) => {
        const seed = await seedDemo(ctx);
        if (!seed.seeded) throw new CliError('the database already has organisations; demo data is only seeded into an empty platform');
        console.log(`seeded ${seed.orgs} organisations and ${seed.users.length} users; password for every demo user: ${seed.password}`);
        if (scale > 0) {
          const datasets = await seedDemoDatasets(ctx, { scale, onProgress: (msg) => console.log(`  ${msg}`) });
          console.log(`seeded ${datasets.length} datasets, ${datasets.reduce((n, d) => n + d.rows, 0)} records; quality checks run when the server starts`);
          const sharing = await seedDemoSharing(ctx, datasets);
          console.log(`seeded data sharing: ${sharing.grants} grant(s), ${sharing.pending} request(s) awaiting approval, ${sharing.calls} data-service calls`);
          console.log(`registered ${(await seedDemoLicenceTypes(ctx, datasets)).types} licence types`);
          const evidence = await seedDemoEvidence(ctx);
          console.log(`paper-free services: ${evidence.items} service item(s), ${evidence.types} evidence type(s), ${evidence.grants} grant(s)`);
          const licences = await seedDemoLicences(ctx, datasets);
          console.log(`queued ${licences.runs} bulk issuance run(s); they run when the server starts`);
          if (licences.citizen) console.log(`demo citizen for the wallet: ${licences.citizen.mobile} ${licences.citizen.name} ${licences.citizen.idNumber}`);
        } else {
          console.log(`registered ${(await seedDemoLicenceTypes(ctx)).types} licence types`);
        }
        for (const u of seed.users) console.log(`  ${u.username.padEnd(12)} ${u.name}  ${u.org}  [${u.roles.join(', ')}]`);
        if (seed.apiKey) console.log(`demo API key (shown once): ${seed.apiKey}`);
      });
    });

  const user = program.command('user').description('manage staff accounts');
  user
    .command('create')
    .description('create a user with a post in an organisation')
    .requiredOption('--username <username>', 'sign-in name (letters, digits, _ . -)')
    .requiredOption('--name <name>', 'real name, e.g. 李明')
    .requiredOption('--mobile <mobile>', 'mainland mobile number')
    .requiredOption('--org <code>', 'organisation: region code, unified social credit code or id')
    .option('--title <title>', 'post title', '工作人员')
    .option('--citizen-id <id>', 'citizen ID number (stored encrypted)')
    .option('--role <role>', `role in that organisation, repeatable: ${ROLES.join(', ')}`, collect, [])
    .option('--password <password>', 'initial password (default: a random one, printed once)')
    .action(async (opts: { username: string; name: string; mobile: string; org: string; title: string; citizenId?: string; role: string[]; password?: string }) => {
      const bad = opts.role.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) throw new CliError(`unknown role(s): ${bad.join(', ')}; choose from ${ROLES.join(', ')}`);
      const password = opts.password ?? `Wf${randomBytes(9).toString('base64url')}7`;
      const { directoryDeps, findOrgByCode, insertUser } = await directory();
      await withPlatform(async (ctx) => {
        const org = await findOrgByCode(ctx.db, opts.org);
        if (!org) throw new CliError(`no organisation with code or id ${opts.org}`);
        const id = await ctx.db.transaction((tx) =>
          insertUser(directoryDeps(ctx), tx, { ...opts, citizenId: opts.citizenId ?? null, password, orgId: org.id, roles: opts.role as Role[] }, CLI_CONTEXT),
        );
        console.log(`created user ${opts.username} (${id}) in ${org.name}`);
        if (!opts.password) console.log(`initial password (shown once): ${password}`);
      });
    });

  const apikey = program.command('apikey').description('manage API clients of departmental systems');
  apikey
    .command('create')
    .description('register a system and print its API key (shown once)')
    .requiredOption('--name <name>', 'system name, e.g. 民政局婚姻登记系统')
    .requiredOption('--org <code>', 'owning organisation: region code, unified social credit code or id')
    .action(async (opts: { name: string; org: string }) => {
      const { directoryDeps, findOrgByCode, insertApiClient } = await directory();
      await withPlatform(async (ctx) => {
        const org = await findOrgByCode(ctx.db, opts.org);
        if (!org) throw new CliError(`no organisation with code or id ${opts.org}`);
        const { id, apiKey } = await ctx.db.transaction((tx) => insertApiClient(directoryDeps(ctx), tx, { name: opts.name, orgId: org.id, createdBy: null }, CLI_CONTEXT));
        console.log(`created API client ${opts.name} (${id}) for ${org.name}`);
        console.log(`API key (shown once, keep it secret): ${apiKey}`);
      });
    });

  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('walk the hash chain and signed checkpoints; exit 1 naming the first broken record')
    .option('--quiet', 'no progress bar')
    .action(async (opts: { quiet?: boolean }) => {
      await withPlatform(async (ctx) => {
        const bar = opts.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'verifying {bar} {value}/{total} records', stream: process.stderr }, Presets.shades_classic);
        let started = false;
        const report = await ctx.audit.verify(ctx.db, (checked, total) => {
          if (bar && !started) {
            bar.start(total, 0);
            started = true;
          }
          bar?.update(checked);
        });
        bar?.stop();
        if (!report.ok) {
          throw new CliError(`audit chain BROKEN at record ${report.brokenAt} (${report.reason}): ${report.message}\n${report.checked} record(s) before it verified`);
        }
        console.log(`audit chain intact: ${report.checked} record(s), ${report.checkpoints} signed checkpoint(s) verified`);
      });
    });
  audit
    .command('checkpoint')
    .description('sign the current head of the chain now')
    .action(async () => {
      await withPlatform(async (ctx) => {
        const seq = await ctx.audit.checkpoint(ctx.db);
        console.log(seq === null ? 'the audit trail is empty' : `checkpoint signed at record ${seq}`);
      });
    });
}

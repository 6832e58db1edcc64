// `citystack serve`: boot, seed the demo on an empty database when asked, listen, run jobs, stop cleanly.
import type { Config } from '../kernel/config.ts';
import { seedDemo } from '../../demo/seed.ts';
import { seedDemoDatasets } from '../../demo/seed-datasets.ts';
import { seedDemoSharing } from '../../demo/seed-sharing.ts';
import { seedDemoLicences, seedDemoLicenceTypes } from '../../demo/seed-credentials.ts';
import { seedDemoEvidence } from '../../demo/seed-evidence.ts';

/** The demo's datasets at this scale (about 5,300 rows): loads in seconds on embedded PGlite. */
const DEMO_SCALE = 0.05;
import { buildApp } from '../server/app.ts';
import { bootPlatform } from '../server/boot.ts';

export async function serve(config: Readonly<Config>): Promise<void> {
  const ctx = await bootPlatform(config);
  const app = await buildApp(ctx);
  ctx.jobs.log = app.log;
  const banner: string[] = [];
  if (config.demo) {
    const seed = await seedDemo(ctx);
    if (seed.seeded) {
      const datasets = await seedDemoDatasets(ctx, { scale: DEMO_SCALE });
      banner.push(`已载入演示数据集 Demo datasets: ${datasets.length} resources, ${datasets.reduce((n, d) => n + d.rows, 0)} records (quality checks run in the background)`);
      const sharing = await seedDemoSharing(ctx, datasets);
      banner.push(`数据共享演示 Demo sharing: ${sharing.grants} grant(s), ${sharing.pending} request(s) awaiting approval, ${sharing.calls} data-service calls`);
      const credentials = await seedDemoLicenceTypes(ctx, datasets);
      const evidence = await seedDemoEvidence(ctx);
      banner.push(`免证办演示 Demo paper-free services: ${evidence.items} service item(s), ${evidence.types} evidence type(s), ${evidence.grants} grant(s)`);
      const licences = await seedDemoLicences(ctx, datasets);
      banner.push(`电子证照演示 Demo licence types: ${credentials.types}; ${licences.runs} bulk issuance run(s) under way`);
      if (licences.citizen) banner.push(`演示市民 Demo citizen for the wallet (/wallet; the SMS code is written to this log; 实名认证 with name and ID number): ${licences.citizen.mobile} ${licences.citizen.name} ${licences.citizen.idNumber}`);
      banner.push(`已载入潍坊演示数据 Weifang demo data seeded: ${seed.orgs} organisations, ${seed.users.length} users`);
      banner.push(`演示账号 Demo sign-ins (password / 密码: ${seed.password}):`);
      for (const u of seed.users) banner.push(`  ${u.username.padEnd(12)} ${u.name}  ${u.org}  [${u.roles.join(', ')}]`);
      if (seed.apiKey) banner.push(`演示接口密钥 Demo API key (shown once): ${seed.apiKey}`);
    } else {
      banner.push('数据库已有数据，未重复载入演示数据 Database already has data; demo not seeded again.');
    }
  }
  const address = await app.listen({ host: config.host, port: config.port });
  ctx.jobs.start();
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]');
  console.log(
    [
      '',
      `CityStack 潍坊市一体化大数据平台 is running on ${ctx.db.kind === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL server'}`,
      `  控制台 Console:  ${url}/`,
      `  接口文档 API docs: ${url}/api/docs`,
      ...banner.map((l) => `  ${l}`),
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await ctx.jobs.stop();
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

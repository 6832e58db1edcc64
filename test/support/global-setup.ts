// Builds the template database once per test run: migrated and seeded with the Weifang demo. Each test
// file then starts from a clone (a PGlite dump, or CREATE DATABASE ... TEMPLATE on a PostgreSQL server).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../../demo/seed.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { isPglite, openDb } from '../../src/kernel/db.ts';
import { bootPlatform } from '../../src/server/boot.ts';
import { adminQuery, TEST_MASTER_KEY, withDatabase } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    template: { kind: 'pglite'; dumpFile: string; apiKey: string } | { kind: 'postgres'; database: string; apiKey: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citystack-test-'));
  const serverUrl = process.env.DATABASE_URL;
  const templateName = `citystack_tpl_${process.pid}`;
  const databaseUrl = serverUrl ? withDatabase(serverUrl, templateName) : null;
  if (serverUrl) await adminQuery(serverUrl, `create database ${templateName}`);

  const db = await openDb({ databaseUrl, dataDir: 'memory://' });
  const config = loadConfig({}, { databaseUrl, dataDir: dir, masterKey: TEST_MASTER_KEY, logLevel: 'silent' });
  const ctx = await bootPlatform(config, { db });
  const seed = await seedDemo(ctx);
  if (isPglite(db)) {
    const dumpFile = path.join(dir, 'template.tar.gz');
    writeFileSync(dumpFile, Buffer.from(await (await db.dump()).arrayBuffer()));
    project.provide('template', { kind: 'pglite', dumpFile, apiKey: seed.apiKey! });
  } else {
    project.provide('template', { kind: 'postgres', database: templateName, apiKey: seed.apiKey! });
  }
  await db.close();

  return async () => {
    if (serverUrl) await adminQuery(serverUrl, `drop database if exists ${templateName} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  };
}

// `npm run bench [-- NAME...]`: runs every benchmark in bench/*.bench.ts, or only the named ones.
// Each prints a table and ends with one JSON line. Exit 1 on any error; being below target is not one.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { report, type Benchmark } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function discover(): Promise<Benchmark[]> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const benches: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as Partial<Benchmark>;
    if (typeof mod.name !== 'string' || typeof mod.run !== 'function') throw new Error(`bench/${file} must export name and run()`);
    benches.push({ name: mod.name, run: mod.run });
  }
  return benches;
}

async function main(names: string[]): Promise<number> {
  const all = await discover();
  const unknown = names.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}\navailable: ${all.map((b) => b.name).join(', ') || '(none)'}`);
    return 1;
  }
  const chosen = names.length ? all.filter((b) => names.includes(b.name)) : all;
  let failed = 0;
  for (const bench of chosen) {
    try {
      console.log(report(await bench.run()));
    } catch (err) {
      failed++;
      console.error(`\n${bench.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Do not hang on a stray handle (a pool timer, a keep-alive socket) once everything is reported.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

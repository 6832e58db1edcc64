// End-to-end helpers: the real `citystack` command as a child process, and headless Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/citystack.js');
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium is required in CI; elsewhere the browser tests are skipped with a message saying why. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
  console.warn(`skipping browser tests: ${CHROMIUM} not found (apt-get install chromium)`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  output: () => string;
  apiKey: string | null;
  stop(): Promise<void>;
}

/** Starts `citystack serve --demo` and waits until it prints the console URL. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, CITYSTACK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('Console:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    apiKey: /\(shown once\): (\S+)/.exec(out)?.[1] ?? null,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs a `citystack` subcommand to completion. */
export function cli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) of one still picture, for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`): the verify page's camera then "films" the picture.
 */
export function stillPictureVideo(rgba: { width: number; height: number; data: Uint8Array }, frames = 30): Buffer {
  const w = rgba.width & ~1;
  const h = rgba.height & ~1;
  const y = Buffer.alloc(w * h);
  const u = Buffer.alloc((w / 2) * (h / 2));
  const v = Buffer.alloc((w / 2) * (h / 2));
  const px = (x: number, yy: number) => {
    const i = (yy * rgba.width + x) * 4;
    return [rgba.data[i]!, rgba.data[i + 1]!, rgba.data[i + 2]!] as const;
  };
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      const [r, g, b] = px(col, row);
      y[row * w + col] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      if (row % 2 === 0 && col % 2 === 0) {
        const k = (row / 2) * (w / 2) + col / 2;
        u[k] = Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[k] = Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]);
}

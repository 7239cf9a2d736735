// Servers the benchmarks measure: Rampart (the built CLI) and bare node:http references, each a child
// process on a free port, with one worker or all of them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ALL_WORKERS = availableParallelism();

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, startedAt, timeoutMs = 20_000) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return performance.now() - startedAt;
    if (performance.now() - startedAt > timeoutMs) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Process ids of a server: the process and, for a cluster, its workers. */
function pids(child) {
  const list = [child.pid];
  try {
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
    if (children) list.push(...children.split(/\s+/).map(Number));
  } catch {
    // not Linux: the main process only
  }
  return list;
}

/** Resident memory of a server, all its processes together, in bytes. */
export function rss(server) {
  let total = 0;
  for (const pid of pids(server.child)) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // a process that just ended
    }
  }
  return total;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Rampart with embedded SQLite in a fresh data directory. */
export async function startRampart({ workers, env = {}, nodeArgs = [] }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/cli/main.js'), 'serve'], {
    env: { ...process.env, RAMPART_DATA_DIR: dataDir, RAMPART_PORT: String(port), RAMPART_WORKERS: String(workers), RAMPART_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const startupMs = await waitFor(`${url}/_rampart/health`, child, startedAt);
  const text = readFileSync(join(dataDir, 'credentials'), 'utf8');
  const credentials = {
    accessKeyId: /aws_access_key_id = (.+)/.exec(text)[1],
    secretAccessKey: /aws_secret_access_key = (.+)/.exec(text)[1],
  };
  return {
    name: `rampart (${workers} worker${workers > 1 ? 's' : ''})`,
    url,
    child,
    credentials,
    startupMs,
    async close() {
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bare node:http server (bench/lib/bare-server.mjs) with `workers` processes. */
export async function startBare({ workers, mode = 'json', credentials }) {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bench/lib/bare-server.mjs')], {
    env: {
      ...process.env,
      BARE_PORT: String(port),
      BARE_WORKERS: String(workers),
      BARE_MODE: mode,
      BARE_ACCESS_KEY_ID: credentials?.accessKeyId ?? '',
      BARE_SECRET_ACCESS_KEY: credentials?.secretAccessKey ?? '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/ready`, child, startedAt);
  return {
    name: `bare node:http ${mode} (${workers} worker${workers > 1 ? 's' : ''})`,
    url,
    child,
    credentials,
    async close() {
      await stop(child);
    },
  };
}

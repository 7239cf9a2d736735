// Storage figures, opt-in: RAMPART_STORAGE_BENCH=1 npx vitest run test/storage/bench.test.ts
// Single-key get latency, one-write commit latency, and commits/s with 1 and 32 transactions in
// flight (distinct keys: throughput, not conflict behaviour). Prints a table; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import type { Store } from '../../src/storage/types.js';
import { postgresTestDatabase } from '../helpers/postgres.js';

const enabled = process.env.RAMPART_STORAGE_BENCH === '1';
const pgdb = enabled ? await postgresTestDatabase() : undefined;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await pgdb?.dropAll();
});

const value = { arn: 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab', state: 'Enabled', n: 0, pad: 'x'.repeat(300) };

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms`;
}

async function bench(name: string, store: Store): Promise<void> {
  await store.transaction((tx) => tx.put('bench/get', value));
  for (let i = 0; i < 200; i++) await store.get('bench/get'); // warm up
  const gets: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = performance.now();
    await store.get('bench/get');
    gets.push(performance.now() - t);
  }

  const commits: number[] = [];
  const c1Start = performance.now();
  const N1 = 500;
  for (let i = 0; i < N1; i++) {
    const t = performance.now();
    await store.transaction((tx) => tx.put(`bench/c1/${i}`, value));
    commits.push(performance.now() - t);
  }
  const c1 = N1 / ((performance.now() - c1Start) / 1000);

  const N32 = 3000;
  let next = 0;
  const c32Start = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < N32) {
        const i = next++;
        await store.transaction((tx) => tx.put(`bench/c32/${i}`, value));
      }
    }),
  );
  const c32 = N32 / ((performance.now() - c32Start) / 1000);

  // Read-modify-write of one's own key: the commit also validates a read.
  next = 0;
  const rmwStart = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async (_, loop) => {
      while (next < N32) {
        next++;
        await store.transaction(async (tx) => {
          const r = await tx.get<typeof value>(`bench/rmw/${loop}`);
          tx.put(`bench/rmw/${loop}`, { ...value, n: (r?.value.n ?? 0) + 1 });
        });
      }
    }),
  );
  const rmw32 = N32 / ((performance.now() - rmwStart) / 1000);

  console.log(
    [
      `${name}:`,
      `  get (1 key)                     ${stats(gets)}`,
      `  commit (1 write, sequential)    ${stats(commits)}`,
      `  commits/s, concurrency 1        ${c1.toFixed(0)}`,
      `  commits/s, concurrency 32       ${c32.toFixed(0)}`,
      `  read+write commits/s, conc. 32  ${rmw32.toFixed(0)}`,
    ].join('\n'),
  );
}

describe.runIf(enabled)('storage benchmark', () => {
  test('SQLite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
    dirs.push(dataDir);
    const store = await openStore({ backend: 'sqlite', dataDir });
    try {
      await bench('SQLite', store);
    } finally {
      await store.close();
    }
  }, 300_000);

  test.runIf(pgdb !== undefined)('PostgreSQL', async () => {
    const store = await openStore({ backend: 'postgres', url: await pgdb!.createSchemaUrl() });
    try {
      await bench('PostgreSQL (pool of 10)', store);
    } finally {
      await store.close();
    }
  }, 300_000);
});

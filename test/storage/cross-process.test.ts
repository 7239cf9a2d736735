// Several separate processes run transactions on one database at once (Rampart's cluster workers,
// or several nodes on one PostgreSQL): no acknowledged increment may be lost, and every transaction
// must have seen the counter exactly as the commits before it left it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import type { StoreConfig } from '../../src/storage/types.js';
import { buildStorageModule, type StorageBuild } from './build.js';
import { optionalPostgresTestDatabase } from '../helpers/postgres.js';
import { spawnStoreChild } from './processes.js';

const postgres = await optionalPostgresTestDatabase();
let build: StorageBuild;
const dirs: string[] = [];
beforeAll(() => {
  build = buildStorageModule();
});
afterAll(async () => {
  build?.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await postgres.db?.dropAll();
});

const PROCESSES = 3;
const PER_PROCESS = 120;
const LOOPS = 4;

async function run(config: StoreConfig) {
  // The children open a database nobody has created yet: the migrations race too.
  const children = Array.from({ length: PROCESSES }, (_, i) =>
    spawnStoreChild(build, config, `c${i}`, ['increment', String(PER_PROCESS), String(LOOPS)]),
  );
  await Promise.all(children.map((c) => c.waitFor((l) => l === 'ready')));
  for (const c of children) c.send('go');
  const results = await Promise.all(
    children.map(async (c) => {
      const line = await c.waitFor((l) => l.startsWith('done '), 120_000);
      const exit = await c.exited;
      expect(exit.code, exit.stderr).toBe(0);
      return JSON.parse(line.slice(5)) as { acked: number; failed: number };
    }),
  );
  const acked = results.reduce((n, r) => n + r.acked, 0);
  const store = await openStore(config);
  try {
    expect(acked).toBe(PROCESSES * PER_PROCESS); // with 1000 attempts allowed, none gives up
    expect((await store.get('counter'))?.value).toBe(acked);
    const items = await store.list<number>({ prefix: 'items/' });
    expect(items).toHaveLength(acked);
    // Serializability: the counter values seen are exactly 0..acked-1, each once.
    const seen = items.map((r) => r.value).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: acked }, (_, i) => i));
    expect(await store.commitSequence()).toBe(acked);
  } finally {
    await store.close();
  }
}

describe('transactions from several processes on one database', () => {
  test('SQLite: one file, several processes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-xproc-'));
    dirs.push(dataDir);
    await run({ backend: 'sqlite', dataDir });
  });

  test.skipIf(postgres.skip)('PostgreSQL: one schema, several processes', async () => {
    await run({ backend: 'postgres', url: await postgres.require().createSchemaUrl() });
  });
});

// Crash safety: a child process commits transactions as fast as it can (each writes a pair of keys
// that belong together and bumps a counter), printing "ack <i>" once a commit has resolved. The test
// SIGKILLs it mid-burst, reopens the database, and checks that every acknowledged commit is there
// and that no transaction is half-applied. Three rounds on the same database, so recovery is also
// exercised on data that earlier crashes left behind.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
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

const ROUNDS = 3;

/** Runs one child until it has acknowledged about `acks` commits, then SIGKILLs it. */
async function burstAndKill(config: StoreConfig, id: string, acks: number): Promise<Set<number>> {
  const child = spawnStoreChild(build, config, id, ['pairs', '4']);
  const acked = new Set<number>();
  // Kill at a slightly random point so the kill lands at different stages of a commit.
  const killAt = acks + Math.floor(Math.random() * 25);
  child.onLine((line) => {
    if (!line.startsWith('ack ')) return;
    acked.add(Number(line.slice(4)));
    if (acked.size === killAt) child.process.kill('SIGKILL');
  });
  const exit = await child.exited;
  expect(exit.signal, `child exited on its own: ${exit.stderr}`).toBe('SIGKILL');
  return acked;
}

async function crashRounds(config: StoreConfig, afterKill: () => void): Promise<void> {
  let expectedPairsAtLeast = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const id = `r${round}`;
    const acked = await burstAndKill(config, id, 150);
    afterKill();
    const store = await openStore(config);
    try {
      const rows = await store.list<{ i: number }>({ prefix: 'pair/' });
      const halves = new Map<string, string[]>();
      for (const r of rows) {
        const [, owner, i, half] = r.key.split('/');
        const k = `${owner}/${i}`;
        halves.set(k, [...(halves.get(k) ?? []), half!]);
        expect(r.value.i).toBe(Number(i));
      }
      for (const [k, h] of halves) expect(h, `pair ${k}`).toEqual(['a', 'b']);
      for (const i of acked) expect(halves.has(`${id}/${String(i).padStart(6, '0')}`), `acknowledged ${id}/${i}`).toBe(true);
      // The counter was written in the same commits as the pairs: it must match them exactly.
      expect((await store.get('pairs'))?.value).toBe(halves.size);
      expectedPairsAtLeast += acked.size;
      expect(halves.size).toBeGreaterThanOrEqual(expectedPairsAtLeast);
      expectedPairsAtLeast = halves.size;
    } finally {
      await store.close();
    }
  }
}

describe('a process killed mid-burst loses no acknowledged commit and tears no transaction', () => {
  test('SQLite (WAL)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-crash-'));
    dirs.push(dataDir);
    await crashRounds({ backend: 'sqlite', dataDir }, () => {
      // The killed process never checkpointed: its recent commits exist only in the WAL file,
      // which the reopen must replay.
      const wal = join(dataDir, 'rampart.db-wal');
      expect(existsSync(wal)).toBe(true);
      expect(statSync(wal).size).toBeGreaterThan(0);
    });
  });

  test.skipIf(postgres.skip)('PostgreSQL', async () => {
    await crashRounds({ backend: 'postgres', url: await postgres.require().createSchemaUrl() }, () => undefined);
  });
});

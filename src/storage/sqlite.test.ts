import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { registerStoreConformance } from './conformance.js';
import { openStore } from './index.js';
import { SQLITE_FILE_NAME, SqliteStore } from './sqlite.js';
import { StorageError } from './types.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sqlite-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

registerStoreConformance('sqlite', {
  async create() {
    const dataDir = tempDir();
    return {
      store: await openStore({ backend: 'sqlite', dataDir }),
      reopen: () => openStore({ backend: 'sqlite', dataDir }),
    };
  },
});

describe('SQLite backend', () => {
  test('creates <dataDir>/rampart.db owner-only, in WAL mode with synchronous=FULL', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = (await openStore({ backend: 'sqlite', dataDir })) as SqliteStore;
    try {
      const file = join(dataDir, SQLITE_FILE_NAME);
      expect(store.file).toBe(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    } finally {
      await store.close();
    }
  });

  test('opening a database from a newer Rampart fails clearly, without changing it', async () => {
    const dataDir = tempDir();
    await (await openStore({ backend: 'sqlite', dataDir })).close();
    const raw = new Database(join(dataDir, SQLITE_FILE_NAME));
    raw.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'from-the-future', 'x')").run();
    raw.close();
    const err = await openStore({ backend: 'sqlite', dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('incompatible');
    expect((err as StorageError).message).toMatch(/newer version of Rampart.*999 "from-the-future"/);
  });

  test('a file that is not a database is refused as incompatible', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, SQLITE_FILE_NAME), 'this is not sqlite '.repeat(100));
    const err = await openStore({ backend: 'sqlite', dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('incompatible');
  });

  test('an unusable data directory fails as unavailable', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const err = await openStore({ backend: 'sqlite', dataDir: join(file, 'sub') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('unavailable');
  });

  test('a full database fails the commit cleanly, without quoting the value, and the store recovers', async () => {
    const store = (await openStore({ backend: 'sqlite', dataDir: tempDir() })) as SqliteStore;
    try {
      await store.transaction((tx) => tx.put('small', 1));
      // Cap the file near its current size: the next big write cannot fit (SQLITE_FULL).
      const pages = store.db.pragma('page_count', { simple: true }) as number;
      store.db.pragma(`max_page_count = ${pages + 2}`);
      const secret = 'SEALED-SECRET-' + 'z'.repeat(64 * 1024);
      const err = await store.transaction((tx) => tx.put('big', { secret })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('full');
      expect((err as StorageError).driverCode).toBe('SQLITE_FULL');
      expect((err as StorageError).message).not.toContain('SEALED-SECRET');
      expect(await store.get('big')).toBeUndefined();
      expect(await store.commitSequence()).toBe(1);
      store.db.pragma('max_page_count = 1073741823');
      await store.transaction((tx) => tx.put('big', { secret }));
      expect((await store.get<{ secret: string }>('big'))?.value.secret).toBe(secret);
    } finally {
      await store.close();
    }
  });

  test('concurrent opens of a new file apply the migrations once', async () => {
    const dataDir = tempDir();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ backend: 'sqlite', dataDir })));
    await Promise.all(stores.map((s) => s.close()));
    const raw = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    expect(raw.prepare('SELECT id, name FROM schema_migrations').all()).toEqual([{ id: 1, name: 'kv' }]);
    raw.close();
  });
});

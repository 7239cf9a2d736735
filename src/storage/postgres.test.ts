import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { registerStoreConformance } from './conformance.js';
import { openStore } from './index.js';
import { withReadCommitted } from './postgres.js';
import { postgresTestDatabase } from '../../test/helpers/postgres.js';
import { StorageError } from './types.js';

const db = await postgresTestDatabase();

if (db === undefined) {
  describe.skip('PostgreSQL backend (RAMPART_TEST_POSTGRES=skip)', () => {
    test('skipped', () => undefined);
  });
} else {
  afterAll(() => db.dropAll());

  registerStoreConformance('postgres', {
    async create() {
      const url = await db.createSchemaUrl();
      return { store: await openStore({ backend: 'postgres', url }), reopen: () => openStore({ backend: 'postgres', url }) };
    },
  });

  describe('PostgreSQL backend', () => {
    test('keys use the C collation and values are stored as text, verbatim', async () => {
      const url = await db.createSchemaUrl();
      const store = await openStore({ backend: 'postgres', url });
      try {
        await store.transaction((tx) => tx.put('k', { b: 1, a: 2, n: 1.5e300 }));
        const rows = await db.query(
          `SELECT a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, c.collname AS collation
           FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid LEFT JOIN pg_collation c ON c.oid = a.attcollation
           WHERE t.relname = 'kv' AND t.relnamespace = $1::regnamespace AND a.attnum > 0 ORDER BY a.attnum`,
          [db.schemaOf(url)],
        );
        expect(rows).toEqual([
          { column: 'key', type: 'text', collation: 'C' },
          { column: 'value', type: 'text', collation: 'default' },
          { column: 'version', type: 'bigint', collation: null },
        ]);
        const raw = await db.query(`SELECT value FROM ${db.schemaOf(url)}.kv WHERE key = 'k'`);
        expect(raw).toEqual([{ value: '{"b":1,"a":2,"n":1.5e+300}' }]);
      } finally {
        await store.close();
      }
    });

    test('connections run READ COMMITTED whatever the URL or server default says, and keep the URL options', async () => {
      const url = db.urlFor('some_schema').replace('options=', 'options=-c%20default_transaction_isolation%3Dserializable%20');
      const client = new pg.Client({ connectionString: withReadCommitted(url) });
      await client.connect();
      try {
        const res = await client.query('SHOW default_transaction_isolation');
        expect(res.rows[0].default_transaction_isolation).toBe('read committed');
        expect((await client.query('SHOW search_path')).rows[0].search_path).toBe('some_schema');
      } finally {
        await client.end();
      }
    });

    test('opening a schema from a newer Rampart fails clearly', async () => {
      const url = await db.createSchemaUrl();
      await (await openStore({ backend: 'postgres', url })).close();
      await db.query(`INSERT INTO ${db.schemaOf(url)}.schema_migrations (id, name) VALUES (999, 'from-the-future')`);
      const err = await openStore({ backend: 'postgres', url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('incompatible');
      expect((err as StorageError).message).toMatch(/newer version of Rampart.*999 "from-the-future"/);
    });

    test('concurrent opens of a new schema apply the migrations once', async () => {
      const url = await db.createSchemaUrl();
      const stores = await Promise.all(Array.from({ length: 6 }, () => openStore({ backend: 'postgres', url, maxConnections: 2 })));
      await Promise.all(stores.map((s) => s.close()));
      expect(await db.query(`SELECT id, name FROM ${db.schemaOf(url)}.schema_migrations`)).toEqual([{ id: 1, name: 'kv' }]);
    });

    test('a search_path naming a schema that does not exist fails clearly', async () => {
      const url = db.urlFor(`rampart_missing_${Date.now()}`);
      const err = await openStore({ backend: 'postgres', url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('incompatible');
      expect((err as StorageError).message).toMatch(/search_path/);
    });

    test('an unreachable server fails as unavailable, naming the host but not the password', async () => {
      const started = Date.now();
      const err = await openStore({ backend: 'postgres', url: 'postgres://rampart:hunter2-password@127.0.0.1:1/rampart' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('unavailable');
      expect((err as StorageError).message).toContain('127.0.0.1:1/rampart');
      expect((err as StorageError).message).not.toContain('hunter2');
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    test('connections killed by the server are replaced: the store keeps working', async () => {
      const url = new URL(await db.createSchemaUrl());
      const app = `rampart_kill_${process.pid}_${Date.now()}`;
      url.searchParams.set('application_name', app); // to find this store's connections, and only them
      const store = await openStore({ backend: 'postgres', url: url.toString() });
      try {
        await store.transaction((tx) => tx.put('k', 1));
        await Promise.all([store.get('k'), store.get('k'), store.get('k')]);
        const killed = await db.query('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1', [app]);
        expect(killed.length).toBeGreaterThan(0);
        await new Promise((r) => setTimeout(r, 200)); // the pool notices and drops them
        expect((await store.get('k'))?.value).toBe(1);
        await store.transaction(async (tx) => tx.put('k', ((await tx.get<number>('k'))?.value ?? 0) + 1));
        expect((await store.get('k'))?.value).toBe(2);
      } finally {
        await store.close();
      }
    });

    test('commits queue on the commit lock; a connection lost mid-commit reports an unknown outcome', async () => {
      const url = await db.createSchemaUrl();
      const schema = db.schemaOf(url);
      const store = await openStore({ backend: 'postgres', url });
      try {
        await db.query('BEGIN');
        await db.query(`SELECT seq FROM ${schema}.meta FOR UPDATE`); // hold the commit lock
        const commit = store.transaction((tx) => tx.put('k', 'SECRET-VALUE')).catch((e: unknown) => e);
        let waiting: Record<string, unknown>[] = [];
        for (let i = 0; i < 100 && waiting.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 20));
          // Only sessions blocked by this one (other test files may be running commits too).
          waiting = await db.query(`SELECT pid, query FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`);
        }
        expect(waiting).toHaveLength(1); // the commit is blocked behind the lock, not failed
        expect(waiting[0]!.query).toMatch(/^SELECT rampart_commit/);
        await db.query('SELECT pg_terminate_backend($1)', [waiting[0]!.pid]);
        const err = await commit;
        expect(err).toBeInstanceOf(StorageError);
        expect((err as StorageError).code).toBe('unknown-outcome');
        expect((err as StorageError).message).not.toContain('SECRET-VALUE');
        await db.query('ROLLBACK');
        // Here the server rolled it back; the store goes on working with fresh connections.
        expect(await store.get('k')).toBeUndefined();
        await store.transaction((tx) => tx.put('k', 2));
        expect((await store.get('k'))?.value).toBe(2);
      } finally {
        await db.query('ROLLBACK').catch(() => undefined);
        await store.close();
      }
    });

    test('a conflicting write inside the commit window is caught by the server-side check', async () => {
      // Two stores commit increments against the same key with no client-side delay: every commit
      // races; the result must still be exact.
      const url = await db.createSchemaUrl();
      const a = await openStore({ backend: 'postgres', url });
      const b = await openStore({ backend: 'postgres', url });
      try {
        const inc = (s: typeof a) =>
          s.transaction(async (tx) => tx.put('n', ((await tx.get<number>('n'))?.value ?? 0) + 1), { maxAttempts: 100 });
        await Promise.all(Array.from({ length: 40 }, (_, i) => inc(i % 2 ? a : b)));
        expect((await a.get('n'))?.value).toBe(40);
        expect(await a.commitSequence()).toBe(40);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });
}

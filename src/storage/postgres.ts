// The shared backend: PostgreSQL, used by every Rampart process on every node. Reads go straight to
// the pool. A commit is one statement, `SELECT rampart_commit(...)` (see migrations.ts): it takes the
// commit lock (the one-row meta table), validates the read set, applies the writes as one multi-row
// upsert and one delete, and numbers the commit, all server-side in a single round trip.
//
// Why one commit lock rather than SERIALIZABLE: every commit must bump the shared sequence anyway,
// and under SERIALIZABLE two overlapping commits that update that row always fail with 40001, so
// writers would be serialized by failures instead of by a queue. Holding the lock also makes the
// numbering follow commit order, which range validation relies on (transaction.ts), and the lock is
// held only for the server's work and the WAL flush, never across network round trips.

import pg from 'pg';
import { isConnectionError, postgresError } from './errors.js';
import { assertKey, prefixRange, rangeCondition, rangeOf, rangeShape, type KeyRange, type RawRow } from './keys.js';
import { Lifecycle } from './lifecycle.js';
import { pendingMigrations, POSTGRES_MIGRATIONS, type AppliedMigration } from './migrations.js';
import { runTransaction, toRecord, type ReadSet, type TransactionBackend, type WriteSet } from './transaction.js';
import { StorageError } from './types.js';
import type { JsonValue, ListOptions, Store, StoredRecord, Transaction, TransactionOptions } from './types.js';

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
}

interface PgRow {
  key: string;
  value: string;
  version: string; // bigint arrives as a string
}

export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  private readonly lifecycle = new Lifecycle('PostgreSQL');
  private readonly txBackend: TransactionBackend;

  private constructor(
    private readonly pool: pg.Pool,
    /** host:port/database, for messages (never the password). */
    readonly location: string,
  ) {
    this.txBackend = {
      readKey: (key) => this.readKey(key),
      readRange: (range, limit, reverse) => this.readRange(range, limit, reverse),
      commit: (reads, writes) => this.commit(reads, writes),
      validate: (reads) => this.validate(reads),
    };
  }

  /** Connect, check the database, and bring its schema up to date. */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    if (typeof options.url !== 'string' || options.url === '') throw new StorageError('invalid', 'the PostgreSQL backend needs a url');
    const max = options.maxConnections ?? 10;
    if (!Number.isSafeInteger(max) || max < 1) throw new StorageError('invalid', 'maxConnections must be a positive integer');
    const location = describeUrl(options.url);
    const pool = new pg.Pool({
      connectionString: withReadCommitted(options.url),
      max,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection that dies (server restart, network) is dropped from the pool, which
    // reconnects on next use; without a listener the 'error' event would crash the process.
    pool.on('error', () => {});
    const store = new PostgresStore(pool, location);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => {});
      if (err instanceof StorageError) throw err;
      throw postgresError(`open of ${location}`, err);
    }
    return store;
  }

  get<T extends JsonValue = JsonValue>(key: string): Promise<StoredRecord<T> | undefined> {
    return this.lifecycle.run(async () => {
      assertKey(key);
      const row = await this.readKey(key);
      return row && toRecord<T>(row);
    });
  }

  list<T extends JsonValue = JsonValue>(options: ListOptions): Promise<StoredRecord<T>[]> {
    return this.lifecycle.run(async () => {
      const range = rangeOf(options);
      if (range === undefined || options.limit === 0) return [];
      const rows = await this.readRange(range, options.limit, options.reverse === true);
      return rows.map((r) => toRecord<T>(r));
    });
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: TransactionOptions): Promise<T> {
    return this.lifecycle.run(() => runTransaction(this.txBackend, fn, options));
  }

  commitSequence(): Promise<number> {
    return this.lifecycle.run(async () => {
      const res = await this.query<{ seq: string }>('read of the commit sequence', {
        name: 'rampart_seq',
        text: 'SELECT seq FROM meta WHERE id = 1',
      });
      return Number(res.rows[0]!.seq);
    });
  }

  deletePrefix(prefix: string): Promise<number> {
    return this.lifecycle.run(async () => {
      const range = prefixRange(prefix);
      if (range === undefined) return 0;
      const { text, values } = rangeSql(range);
      return this.withClient('delete', async (client) => {
        await client.query('BEGIN');
        let deleted: number;
        try {
          // The commit lock, as in rampart_commit: deletes are numbered and serialized like commits.
          await client.query('UPDATE meta SET seq = seq + 1 WHERE id = 1');
          deleted = (await client.query(`DELETE FROM kv WHERE ${text}`, values)).rowCount ?? 0;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
        // Nothing deleted: roll back the sequence bump, there was no commit.
        if (deleted === 0) {
          await client.query('ROLLBACK');
          return 0;
        }
        try {
          await client.query('COMMIT');
        } catch (err) {
          if (isConnectionError(err)) throw this.unknownOutcome(err);
          throw err;
        }
        return deleted;
      });
    });
  }

  close(): Promise<void> {
    return this.lifecycle.close(() => this.pool.end());
  }

  private async readKey(key: string): Promise<RawRow | undefined> {
    const res = await this.query<PgRow>('read', {
      name: 'rampart_get',
      text: 'SELECT key, value, version FROM kv WHERE key = $1',
      values: [key],
    });
    const row = res.rows[0];
    return row && toRaw(row);
  }

  private async readRange(range: KeyRange, limit: number | undefined, reverse: boolean): Promise<RawRow[]> {
    const dir = reverse ? 'DESC' : 'ASC';
    const { text, values } = rangeSql(range);
    const res = await this.query<PgRow>('list', {
      name: `rampart_list_${rangeShape(range)}_${dir}`,
      text: `SELECT key, value, version FROM kv WHERE ${text} ORDER BY key ${dir} LIMIT $${values.length + 1}`,
      values: [...values, limit ?? null], // LIMIT NULL: no limit
    });
    return res.rows.map(toRaw);
  }

  private async commit(reads: ReadSet, writes: WriteSet): Promise<number | 'conflict'> {
    const values = [...readSetParams(reads), [...writes.puts.keys()], [...writes.puts.values()], [...writes.deletes]];
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw postgresError('commit', err); // nothing was sent: the commit did not happen
    }
    let broken: Error | undefined;
    try {
      const res = await client.query<{ seq: string }>({
        name: 'rampart_commit',
        text: 'SELECT rampart_commit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS seq',
        values,
      });
      return Number(res.rows[0]!.seq);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      // 40001 is also what rampart_commit raises when validation fails.
      if (code === '40001' || code === '40P01') return 'conflict';
      if (isConnectionError(err)) {
        broken = err as Error;
        throw this.unknownOutcome(err);
      }
      throw postgresError('commit', err);
    } finally {
      client.release(broken);
    }
  }

  private unknownOutcome(err: unknown): StorageError {
    const code = (err as { code?: unknown }).code;
    return new StorageError(
      'unknown-outcome',
      `PostgreSQL connection to ${this.location} was lost during a commit; it may or may not have been applied`,
      typeof code === 'string' ? code : undefined,
    );
  }

  private async validate(reads: ReadSet): Promise<boolean> {
    const res = await this.query<{ ok: boolean }>('read check', {
      name: 'rampart_validate',
      text: 'SELECT rampart_validate($1, $2, $3, $4, $5, $6, $7, $8) AS ok',
      values: readSetParams(reads),
    });
    return res.rows[0]!.ok;
  }

  private async query<R extends pg.QueryResultRow>(operation: string, config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(config);
    } catch (err) {
      throw postgresError(operation, err);
    }
  }

  /** Run `fn` on one pooled connection; a connection that failed is discarded, not reused. */
  private async withClient<T>(operation: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw postgresError(operation, err);
    }
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (err) {
      if (isConnectionError(err)) broken = err as Error;
      throw postgresError(operation, err);
    } finally {
      client.release(broken);
    }
  }

  private async migrate(): Promise<void> {
    await this.withClient(`connection to ${this.location}`, async (client) => {
      await client.query('BEGIN');
      try {
        const info = await client.query<{ schema: string | null; encoding: string }>(
          "SELECT current_schema() AS schema, current_setting('server_encoding') AS encoding",
        );
        const { schema, encoding } = info.rows[0]!;
        if (schema === null) {
          throw new StorageError('incompatible', `no schema on the search_path of ${this.location} exists; create it first`);
        }
        if (encoding !== 'UTF8') {
          throw new StorageError('incompatible', `${this.location} uses the ${encoding} encoding; Rampart needs UTF8`);
        }
        const where = `the PostgreSQL schema "${schema}" at ${this.location}`;
        // Processes starting at once queue here; the lock is per schema and ends with the transaction.
        await client.query("SELECT pg_advisory_xact_lock(hashtext('rampart.migrations:' || current_schema()))");
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        const applied = await client.query<AppliedMigration>('SELECT id, name FROM schema_migrations ORDER BY id');
        for (const m of pendingMigrations(POSTGRES_MIGRATIONS, applied.rows, where)) {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }
}

function toRaw(row: PgRow): RawRow {
  return { key: row.key, value: row.value, version: Number(row.version) };
}

/** A range as a WHERE condition with $1/$2 placeholders, and its parameters. */
function rangeSql(range: KeyRange): { text: string; values: string[] } {
  const values: string[] = [];
  const text = rangeCondition(range, (which) => {
    values.push(range[which]!.key);
    return `$${values.length}`;
  });
  return { text, values };
}

/** The read set as rampart_validate's eight array parameters. */
function readSetParams(reads: ReadSet): unknown[] {
  const ranges = reads.ranges;
  return [
    [...reads.keys.keys()],
    [...reads.keys.values()],
    ranges.map((r) => r.range.lower?.key ?? null),
    ranges.map((r) => r.range.lower?.inclusive ?? true),
    ranges.map((r) => r.range.upper?.key ?? null),
    ranges.map((r) => r.range.upper?.inclusive ?? true),
    ranges.map((r) => r.count),
    ranges.map((r) => r.maxVersion),
  ];
}

/**
 * The URL with `-c default_transaction_isolation=read committed` added to its startup options.
 * Commits rely on READ COMMITTED taking a fresh snapshot per statement (see migrations.ts). Under a
 * server default of REPEATABLE READ or SERIALIZABLE they would stay correct (the commit lock's
 * update then fails with 40001, a retried conflict) but every overlapping commit would be retried.
 */
export function withReadCommitted(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url; // not a URL (e.g. a socket path): pg parses it itself; keep the server default
  }
  const existing = u.searchParams.get('options');
  u.searchParams.set('options', `${existing ? existing + ' ' : ''}-c default_transaction_isolation=read\\ committed`);
  return u.toString();
}

/** host:port/database from a connection URL, without user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? ':' + u.port : ''}${u.pathname}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

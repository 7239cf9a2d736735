// The embedded backend: one SQLite file, <dataDir>/rampart.db, shared by every Rampart process on the
// host. WAL lets readers run alongside the single writer; synchronous=FULL makes an acknowledged
// commit survive power loss. better-sqlite3 is synchronous, so a whole commit (BEGIN IMMEDIATE,
// validate, write, COMMIT) runs without yielding: nothing in this process can interleave with it, and
// other processes wait on SQLite's write lock (busy_timeout).

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteError } from './errors.js';
import { assertKey, prefixRange, rangeCondition, rangeOf, rangeShape, type KeyRange, type RawRow } from './keys.js';
import { Lifecycle } from './lifecycle.js';
import { pendingMigrations, SQLITE_MIGRATIONS, type AppliedMigration } from './migrations.js';
import { runTransaction, toRecord, type ReadSet, type TransactionBackend, type WriteSet } from './transaction.js';
import { StorageError } from './types.js';
import type { JsonValue, ListOptions, Store, StoredRecord, Transaction, TransactionOptions } from './types.js';

export const SQLITE_FILE_NAME = 'rampart.db';

/**
 * How long opening the database (its migrations) waits for another process's write lock. After that
 * the connection never waits inside SQLite: its busy handler sleeps with the event loop blocked, which
 * would stall every request of this worker while another worker commits. A commit that finds the write
 * lock taken is retried like a conflict, after an asynchronous backoff; so is a rare busy read.
 */
const OPEN_BUSY_TIMEOUT_MS = 10_000;
const BUSY_RETRY_LIMIT_MS = 10_000;

type Statement = Database.Statement<unknown[], unknown>;

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly lifecycle = new Lifecycle('SQLite');
  private readonly statements = new Map<string, Statement>();
  private readonly txBackend: TransactionBackend;
  private readonly commitTx: Database.Transaction<(reads: ReadSet, writes: WriteSet) => number | 'conflict'>;
  private readonly validateTx: Database.Transaction<(reads: ReadSet) => boolean>;
  private readonly deleteRangeTx: Database.Transaction<(range: KeyRange) => number>;

  private constructor(
    /** @internal exposed for tests that need to provoke database failures */
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.commitTx = db.transaction((reads: ReadSet, writes: WriteSet) => {
      if (!this.validateNow(reads)) return 'conflict';
      const seq = this.nextSequence();
      const upsert = this.statement(
        'upsert',
        'INSERT INTO kv (key, value, version) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version',
      );
      for (const [key, value] of writes.puts) upsert.run(key, value, seq);
      const del = this.statement('delete', 'DELETE FROM kv WHERE key = ?');
      for (const key of writes.deletes) del.run(key);
      return seq;
    });
    this.validateTx = db.transaction((reads: ReadSet) => this.validateNow(reads));
    this.deleteRangeTx = db.transaction((range: KeyRange) => {
      const shape = rangeShape(range);
      const sql = `DELETE FROM kv WHERE ${rangeCondition(range, (b) => '@' + b)}`;
      const deleted = this.statement(`deleteRange:${shape}`, sql).run(rangeParams(range)).changes;
      if (deleted > 0) this.nextSequence();
      return deleted;
    });
    this.txBackend = {
      readKey: async (key) => this.whenNotBusy(() => this.readKey(key)),
      readRange: async (range, limit, reverse) => this.whenNotBusy(() => this.readRange(range, limit, reverse)),
      commit: async (reads, writes) => {
        try {
          return this.guard('commit', () => this.commitTx.immediate(reads, writes));
        } catch (err) {
          if (err instanceof StorageError && err.code === 'busy') return 'conflict'; // another process is committing
          throw err;
        }
      },
      // A read transaction (BEGIN DEFERRED) reads one snapshot without taking the write lock.
      validate: async (reads) => this.whenNotBusy(() => this.guard('read check', () => this.validateTx.deferred(reads))),
    };
  }

  /** Open (creating if needed) <dataDir>/rampart.db and bring its schema up to date. */
  static open(dataDir: string): SqliteStore {
    if (typeof dataDir !== 'string' || dataDir === '') throw new StorageError('invalid', 'the SQLite backend needs a dataDir');
    const file = path.join(path.resolve(dataDir), SQLITE_FILE_NAME);
    let db: Database.Database | undefined;
    try {
      // Owner-only: the file holds (sealed) secrets. SQLite gives the -wal and -shm files the same mode.
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.closeSync(fs.openSync(file, 'a', 0o600));
      db = new Database(file, { timeout: OPEN_BUSY_TIMEOUT_MS });
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StorageError('unavailable', `SQLite could not put ${file} in WAL mode (got ${String(mode)})`);
      db.pragma('synchronous = FULL');
      const encoding = db.pragma('encoding', { simple: true });
      if (encoding !== 'UTF-8') {
        throw new StorageError('incompatible', `${file} uses the ${String(encoding)} encoding; Rampart needs UTF-8 (keys are ordered by UTF-8 bytes)`);
      }
      migrate(db, file);
      db.pragma('busy_timeout = 0');
      return new SqliteStore(db, file);
    } catch (err) {
      db?.close();
      if (err instanceof StorageError) throw err;
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && !code.startsWith('SQLITE')) {
        throw new StorageError('unavailable', `cannot open ${file}: ${(err as Error).message}`, code);
      }
      throw sqliteError(`open of ${file}`, err);
    }
  }

  get<T extends JsonValue = JsonValue>(key: string): Promise<StoredRecord<T> | undefined> {
    return this.lifecycle.run(() => {
      assertKey(key);
      const row = this.whenNotBusy(() => this.readKey(key));
      return row instanceof Promise ? row.then((r) => r && toRecord<T>(r)) : row && toRecord<T>(row);
    });
  }

  list<T extends JsonValue = JsonValue>(options: ListOptions): Promise<StoredRecord<T>[]> {
    return this.lifecycle.run(() => {
      const range = rangeOf(options);
      if (range === undefined || options.limit === 0) return [];
      const rows = this.whenNotBusy(() => this.readRange(range, options.limit, options.reverse === true));
      return rows instanceof Promise ? rows.then((all) => all.map((r) => toRecord<T>(r))) : rows.map((r) => toRecord<T>(r));
    });
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: TransactionOptions): Promise<T> {
    return this.lifecycle.run(() => runTransaction(this.txBackend, fn, options));
  }

  commitSequence(): Promise<number> {
    return this.lifecycle.run(() =>
      this.guard('read of the commit sequence', () => this.statement('seq', 'SELECT seq FROM meta WHERE id = 1').pluck().get() as number),
    );
  }

  deletePrefix(prefix: string): Promise<number> {
    return this.lifecycle.run(() => {
      const range = prefixRange(prefix);
      return range === undefined ? 0 : this.whenNotBusy(() => this.guard('delete', () => this.deleteRangeTx.immediate(range)));
    });
  }

  close(): Promise<void> {
    // Closing the last connection checkpoints the WAL into the main file and removes it.
    return this.lifecycle.close(() => {
      this.db.close();
    });
  }

  private readKey(key: string): RawRow | undefined {
    return this.guard('read', () => this.statement('get', 'SELECT key, value, version FROM kv WHERE key = ?').get(key) as RawRow | undefined);
  }

  private readRange(range: KeyRange, limit: number | undefined, reverse: boolean): RawRow[] {
    const dir = reverse ? 'DESC' : 'ASC';
    const sql = `SELECT key, value, version FROM kv WHERE ${rangeCondition(range, (b) => '@' + b)} ORDER BY key ${dir} LIMIT @limit`;
    const params = { ...rangeParams(range), limit: limit ?? -1 }; // LIMIT -1: no limit
    return this.guard('list', () => this.statement(`list:${rangeShape(range)}:${dir}`, sql).all(params) as RawRow[]);
  }

  /** Whether every read still sees what it saw; runs inside a transaction opened by the caller. */
  private validateNow(reads: ReadSet): boolean {
    const version = this.statement('version', 'SELECT version FROM kv WHERE key = ?').pluck();
    for (const [key, seen] of reads.keys) {
      if (((version.get(key) as number | undefined) ?? 0) !== seen) return false;
    }
    for (const r of reads.ranges) {
      const sql = `SELECT count(*) AS n, coalesce(max(version), 0) AS m FROM kv WHERE ${rangeCondition(r.range, (b) => '@' + b)}`;
      const now = this.statement(`stats:${rangeShape(r.range)}`, sql).get(rangeParams(r.range)) as { n: number; m: number };
      if (now.n !== r.count || now.m !== r.maxVersion) return false;
    }
    return true;
  }

  private nextSequence(): number {
    return this.statement('bump', 'UPDATE meta SET seq = seq + 1 WHERE id = 1 RETURNING seq').pluck().get() as number;
  }

  /** Prepared statements, prepared once per connection and cached by name. */
  private statement(name: string, sql: string): Statement {
    let stmt = this.statements.get(name);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(name, stmt);
    }
    return stmt;
  }

  /**
   * Runs `op`; if another process holds a lock SQLite needs (rare for reads in WAL mode; a delete
   * waiting for the write lock), tries again after yielding to the event loop, for up to 10 s.
   */
  private whenNotBusy<T>(op: () => T): T | Promise<T> {
    try {
      return op();
    } catch (err) {
      if (!(err instanceof StorageError && err.code === 'busy')) throw err;
      const deadline = Date.now() + BUSY_RETRY_LIMIT_MS;
      const retry = async (): Promise<T> => {
        for (let attempt = 1; ; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(50, attempt)));
          try {
            return op();
          } catch (again) {
            if (!(again instanceof StorageError && again.code === 'busy') || Date.now() > deadline) throw again;
          }
        }
      };
      return retry();
    }
  }

  private guard<T>(operation: string, op: () => T): T {
    try {
      return op();
    } catch (err) {
      throw sqliteError(operation, err);
    }
  }
}

function rangeParams(range: KeyRange): Record<string, string> {
  const params: Record<string, string> = {};
  if (range.lower) params.lower = range.lower.key;
  if (range.upper) params.upper = range.upper.key;
  return params;
}

function migrate(db: Database.Database, file: string): void {
  // BEGIN IMMEDIATE takes the write lock first, so processes opening a new file at once apply the
  // migrations one after the other and the later ones find nothing left to do.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as AppliedMigration[];
    const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pendingMigrations(SQLITE_MIGRATIONS, applied, `the SQLite database ${file}`)) {
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    }
  }).immediate();
}

// The storage interface every Rampart backend implements (SQLite, PostgreSQL), and the one the rest
// of Rampart sees. It is an ordered key-value store of JSON documents with optimistic transactions:
//
// - Keys are strings ordered by their UTF-8 bytes ("C" collation). Services build keys from path
//   segments (`acct/<partition>/<account>/<region>/kms/key/<id>`), so a prefix scan lists a kind.
// - `transaction(fn)` runs `fn` against a snapshot-free view: reads go to the committed state, writes
//   are buffered (and visible to later reads in the same `fn`); a key read again reads as it did the
//   first time in that attempt. At commit the backend checks, inside
//   one database transaction, that nothing `fn` read (keys and scanned ranges) has changed since, then
//   applies every write and bumps the commit sequence. On a conflict the whole `fn` runs again, so `fn`
//   must have no side effects outside the transaction. A commit is durable when `transaction` resolves.
// - Every stored row carries `version`: the commit sequence number of the commit that wrote it.
//   Versions only grow, so a key deleted and written again never reappears with an old version.
// - Keys: non-empty, at most MAX_KEY_BYTES bytes of UTF-8, no U+0000 and no unpaired surrogate (so
//   every backend can store them and order them the same way). Values: anything JSON.stringify turns
//   into JSON (no undefined, no NaN/Infinity); they are stored as JSON text and read back with
//   JSON.parse, so each read returns a fresh object.
// - Errors from the database surface as StorageError; messages never contain values (values may hold
//   sealed secrets).

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface StoredRecord<T extends JsonValue = JsonValue> {
  key: string;
  value: T;
  /** Commit sequence number of the commit that last wrote this key. */
  version: number;
}

/**
 * Which keys `list` returns: all bounds apply together (their intersection). Results are ordered by
 * key (UTF-8 bytes), ascending, or descending with `reverse`; `limit` keeps the first `limit` in that
 * order. To page forwards pass the last key as `after`; to page a reverse listing pass it as `end`.
 */
export interface ListOptions {
  /** Only keys starting with this prefix. */
  prefix?: string;
  /** Only keys >= start (inclusive). */
  start?: string;
  /** Only keys < end (exclusive). */
  end?: string;
  /** Only keys > after (exclusive), for pagination. */
  after?: string;
  /** At most this many records. */
  limit?: number;
  /** Descending key order. */
  reverse?: boolean;
}

export interface StoreReader {
  get<T extends JsonValue = JsonValue>(key: string): Promise<StoredRecord<T> | undefined>;
  list<T extends JsonValue = JsonValue>(options: ListOptions): Promise<StoredRecord<T>[]>;
}

/**
 * The view `fn` gets in `Store.transaction`. Reads see the committed state merged with this
 * transaction's own writes; a record the transaction wrote itself reads back with `version: 0` (it
 * has no commit number yet). The object is only valid while `fn` runs: using it afterwards throws.
 */
export interface Transaction extends StoreReader {
  /** Buffer a write; the value is serialized now, so later changes to the object are not seen. */
  put(key: string, value: JsonValue): void;
  delete(key: string): void;
  /**
   * Run `fn` after this transaction has committed (not on retry, not on failure), in registration
   * order. If one throws, the others still run and `transaction` rejects with the first error, even
   * though the commit stands.
   */
  afterCommit(fn: () => void): void;
}

export interface TransactionOptions {
  /** Attempts before giving up with a TransactionConflictError (default 20). */
  maxAttempts?: number;
}

export type BackendName = 'sqlite' | 'postgres';

/** What `openStore` (src/storage/index.ts) takes. */
export type StoreConfig =
  | {
      backend: 'sqlite';
      /** Directory holding `rampart.db` (created with mode 0700 if missing). */
      dataDir: string;
    }
  | {
      backend: 'postgres';
      /** e.g. postgres://user:pass@host:5432/db, optionally ?options=-c%20search_path%3Dmyschema */
      url: string;
      /** Size of this process's connection pool (default 10). */
      maxConnections?: number;
    };

/** Longest key accepted, in UTF-8 bytes (PostgreSQL's btree caps an index entry near 2.7 kB). */
export const MAX_KEY_BYTES = 2048;

export interface Store extends StoreReader {
  readonly backend: BackendName;
  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: TransactionOptions): Promise<T>;
  /** The commit sequence number of the newest commit: a cheap "has anything changed" check. */
  commitSequence(): Promise<number>;
  /** Delete every key with this prefix in one commit (used by the development-mode reset). */
  deletePrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Why a storage operation failed:
 * - closed: the store was closed;
 * - invalid: a bad key, value or list option (a caller bug);
 * - unavailable: the database cannot be reached or the connection was lost;
 * - unknown-outcome: the connection was lost while a commit was in flight: it may or may not have
 *   been applied (the transaction is not retried, since running it again could apply it twice);
 * - busy: another process held the database lock for too long (SQLite);
 * - full: the disk or the database is full;
 * - incompatible: the database was made by a newer Rampart, or is not a Rampart database;
 * - failed: anything else the database reported.
 */
export type StorageErrorCode =
  | 'closed'
  | 'invalid'
  | 'unavailable'
  | 'unknown-outcome'
  | 'busy'
  | 'full'
  | 'incompatible'
  | 'failed';

/** A storage failure. The message names the operation and the database's reason, never a value. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** The driver's code when there is one (SQLITE_FULL, a PostgreSQL SQLSTATE, ECONNREFUSED). */
  readonly driverCode: string | undefined;

  constructor(code: StorageErrorCode, message: string, driverCode?: string) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
    this.driverCode = driverCode;
  }
}

/** Thrown when a transaction still conflicts after its last attempt. */
export class TransactionConflictError extends Error {
  constructor(attempts: number) {
    super(`transaction conflicted ${attempts} times; giving up`);
    this.name = 'TransactionConflictError';
  }
}

// The storage interface every Rampart backend implements (SQLite, PostgreSQL), and the one the rest
// of Rampart sees. It is an ordered key-value store of JSON documents with optimistic transactions:
//
// - Keys are strings ordered by their UTF-8 bytes ("C" collation). Services build keys from path
//   segments (`acct/<partition>/<account>/<region>/kms/key/<id>`), so a prefix scan lists a kind.
// - `transaction(fn)` runs `fn` against a snapshot-free view: reads go to the committed state, writes
//   are buffered (and visible to later reads in the same `fn`). At commit the backend checks, inside
//   one database transaction, that nothing `fn` read (keys and scanned ranges) has changed since, then
//   applies every write and bumps the commit sequence. On a conflict the whole `fn` runs again, so `fn`
//   must have no side effects outside the transaction. A commit is durable when `transaction` resolves.
// - Every stored row carries `version`: the commit sequence number of the commit that wrote it.
//   Versions only grow, so a key deleted and written again never reappears with an old version.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface StoredRecord<T extends JsonValue = JsonValue> {
  key: string;
  value: T;
  /** Commit sequence number of the commit that last wrote this key. */
  version: number;
}

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

export interface Transaction extends StoreReader {
  put(key: string, value: JsonValue): void;
  delete(key: string): void;
  /** Run `fn` after this transaction has committed (not on retry, not on failure). */
  afterCommit(fn: () => void): void;
}

export interface TransactionOptions {
  /** Attempts before giving up with a TransactionConflictError (default 20). */
  maxAttempts?: number;
}

export type BackendName = 'sqlite' | 'postgres';

export interface Store extends StoreReader {
  readonly backend: BackendName;
  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: TransactionOptions): Promise<T>;
  /** The commit sequence number of the newest commit: a cheap "has anything changed" check. */
  commitSequence(): Promise<number>;
  /** Delete every key with this prefix in one commit (used by the development-mode reset). */
  deletePrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
}

/** Thrown when a transaction still conflicts after its last attempt. */
export class TransactionConflictError extends Error {
  constructor(attempts: number) {
    super(`transaction conflicted ${attempts} times; giving up`);
    this.name = 'TransactionConflictError';
  }
}

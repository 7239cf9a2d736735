// The optimistic transaction machinery both backends share: a write buffer that later reads see, the
// read set (what the commit must re-check), and the retry loop. A backend supplies only committed
// reads and an atomic "validate the read set, then apply the writes" commit.
//
// How a read set proves that nothing `fn` saw has changed:
// - a key read records the version seen (0 when absent); the commit compares it with the current one.
// - a range read records the number of committed rows in the range and their highest version. Every
//   backend numbers commits in commit order (one writer at a time holds the commit lock), so a row
//   written after the read carries a version above anything the read saw: if rows were added or
//   rewritten the maximum grows, and if rows were only removed the count drops. (count, max) is
//   therefore unchanged exactly when the range's rows are.
// - a list with a limit only depended on the rows up to the last key it returned, so its range is
//   cut there: rows added beyond the page do not cause a conflict.

import {
  compareKeys,
  inRange,
  parseValue,
  rangeOf,
  serializeValue,
  assertKey,
  type KeyRange,
  type RawRow,
} from './keys.js';
import {
  StorageError,
  TransactionConflictError,
  type JsonValue,
  type ListOptions,
  type StoredRecord,
  type Transaction,
  type TransactionOptions,
} from './types.js';

/** A range the transaction listed, with what the committed state held in it at the time. */
export interface RangeRead {
  range: KeyRange;
  count: number;
  /** Highest version among those rows, 0 when there were none. */
  maxVersion: number;
}

export interface ReadSet {
  /** Key -> version seen; 0 means the key was absent. */
  keys: Map<string, number>;
  ranges: RangeRead[];
}

export interface WriteSet {
  /** Key -> JSON text. */
  puts: Map<string, string>;
  deletes: Set<string>;
}

/** What a backend provides to run transactions. */
export interface TransactionBackend {
  readKey(key: string): Promise<RawRow | undefined>;
  /** Committed rows in the range, ordered (descending when `reverse`), at most `limit` of them. */
  readRange(range: KeyRange, limit: number | undefined, reverse: boolean): Promise<RawRow[]>;
  /**
   * Atomically: check that every read in `reads` would see the same thing now, and if so apply
   * `writes` as one commit. Returns the commit's sequence number, or 'conflict'.
   */
  commit(reads: ReadSet, writes: WriteSet): Promise<number | 'conflict'>;
  /** For read-only transactions: whether all reads still hold, checked in one snapshot. */
  validate(reads: ReadSet): Promise<boolean>;
}

export const DEFAULT_MAX_ATTEMPTS = 20;

export function toRecord<T extends JsonValue>(row: RawRow): StoredRecord<T> {
  return { key: row.key, value: parseValue<T>(row.value), version: row.version };
}

/** One attempt of a transaction: what `fn` sees as `tx`. */
export class TransactionAttempt implements Transaction {
  /** Key -> JSON text, or null for a delete. */
  private readonly writes = new Map<string, string | null>();
  private readonly keyReads = new Map<string, number>();
  /** The row each key read returned: a key read again is answered from here (repeatable reads, one query). */
  private readonly rowsRead = new Map<string, RawRow | undefined>();
  private readonly rangeReads: RangeRead[] = [];
  private readonly callbacks: (() => void)[] = [];
  private finished = false;

  constructor(private readonly backend: TransactionBackend) {}

  async get<T extends JsonValue = JsonValue>(key: string): Promise<StoredRecord<T> | undefined> {
    this.assertActive();
    assertKey(key);
    const pending = this.writes.get(key);
    if (pending !== undefined) return pending === null ? undefined : { key, value: parseValue<T>(pending), version: 0 };
    if (!this.rowsRead.has(key)) {
      const read = await this.backend.readKey(key);
      // The first read of a key (of any made at once in this transaction) fixes what the transaction
      // sees of it; the commit checks that it still holds.
      if (!this.rowsRead.has(key)) {
        this.rowsRead.set(key, read);
        this.keyReads.set(key, read?.version ?? 0);
      }
    }
    const row = this.rowsRead.get(key);
    return row && toRecord<T>(row);
  }

  async list<T extends JsonValue = JsonValue>(options: ListOptions): Promise<StoredRecord<T>[]> {
    this.assertActive();
    const range = rangeOf(options);
    const limit = options.limit;
    const reverse = options.reverse === true;
    if (range === undefined || limit === 0) return [];
    const direction = reverse ? -1 : 1;
    const order = (a: string, b: string) => direction * compareKeys(a, b);

    const pending = [...this.writes].filter(([k]) => inRange(range, k)).sort((a, b) => order(a[0], b[0]));
    // Each buffered delete can hide one committed row, so this many committed rows always fill the
    // page (see below); buffered puts only replace or add rows.
    const deletes = pending.filter(([, v]) => v === null).length;
    const fetchLimit = limit === undefined ? undefined : limit + deletes;
    const rows = await this.backend.readRange(range, fetchLimit, reverse);

    // Merge committed rows with buffered writes. If the fetch was cut at fetchLimit, the page is full
    // before the fetched rows run out: consuming all of them yields >= fetchLimit - deletes = limit.
    const max = limit ?? Infinity;
    const out: StoredRecord<T>[] = [];
    let i = 0;
    let j = 0;
    while (out.length < max && (i < rows.length || j < pending.length)) {
      const c = rows[i];
      const p = pending[j];
      const cmp = c === undefined ? 1 : p === undefined ? -1 : order(c.key, p[0]);
      if (cmp < 0) {
        out.push(toRecord<T>(c!));
        i++;
      } else {
        if (cmp === 0) i++;
        const [key, text] = p!;
        if (text !== null) out.push({ key, value: parseValue<T>(text), version: 0 });
        j++;
      }
    }

    // Record the committed rows the result depended on: all of the range, or with a full page only
    // the part up to the last key returned (the committed rows up to it are exactly rows[0..i)).
    let readRange = range;
    let seen = rows;
    if (limit !== undefined && out.length === limit) {
      const last = { key: out[out.length - 1]!.key, inclusive: true };
      readRange = reverse ? { ...range, lower: last } : { ...range, upper: last };
      seen = rows.slice(0, i);
    }
    let maxVersion = 0;
    for (const r of seen) if (r.version > maxVersion) maxVersion = r.version;
    this.rangeReads.push({ range: readRange, count: seen.length, maxVersion });
    return out;
  }

  put(key: string, value: JsonValue): void {
    this.assertActive();
    assertKey(key);
    this.writes.set(key, serializeValue(value));
  }

  delete(key: string): void {
    this.assertActive();
    assertKey(key);
    this.writes.set(key, null);
  }

  afterCommit(fn: () => void): void {
    this.assertActive();
    if (typeof fn !== 'function') throw new StorageError('invalid', 'afterCommit needs a function');
    this.callbacks.push(fn);
  }

  /** Called when `fn` has returned: the tx object stops working. */
  finish(): void {
    this.finished = true;
  }

  readSet(): ReadSet {
    return { keys: this.keyReads, ranges: this.rangeReads };
  }

  writeSet(): WriteSet | undefined {
    if (this.writes.size === 0) return undefined;
    const puts = new Map<string, string>();
    const deletes = new Set<string>();
    for (const [k, v] of this.writes) {
      if (v === null) deletes.add(k);
      else puts.set(k, v);
    }
    return { puts, deletes };
  }

  /** Reads made in more than one statement may have seen different moments, so they need a check. */
  needsReadCheck(): boolean {
    return this.keyReads.size + this.rangeReads.length > 1;
  }

  runCallbacks(): void {
    let first: { error: unknown } | undefined;
    for (const cb of this.callbacks) {
      try {
        cb();
      } catch (error) {
        first ??= { error };
      }
    }
    if (first) throw first.error;
  }

  private assertActive(): void {
    if (this.finished) throw new StorageError('invalid', 'transaction used after its function returned');
  }
}

/**
 * Run `fn` until it commits without conflict. An exception from `fn` (or from the backend) ends the
 * transaction with nothing written; only conflicts are retried.
 */
export async function runTransaction<T>(
  backend: TransactionBackend,
  fn: (tx: Transaction) => Promise<T> | T,
  options: TransactionOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new StorageError('invalid', 'maxAttempts must be a positive integer');
  }
  for (let attempt = 1; ; attempt++) {
    const tx = new TransactionAttempt(backend);
    let result: T;
    try {
      result = await fn(tx);
    } finally {
      tx.finish();
    }
    const writes = tx.writeSet();
    let ok: boolean;
    if (writes !== undefined) ok = (await backend.commit(tx.readSet(), writes)) !== 'conflict';
    else ok = !tx.needsReadCheck() || (await backend.validate(tx.readSet()));
    if (ok) {
      tx.runCallbacks();
      return result;
    }
    if (attempt >= maxAttempts) throw new TransactionConflictError(attempt);
    await sleep(backoffMs(attempt));
  }
}

/** Exponential backoff with full jitter: spreads out transactions that keep colliding. */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(100, 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

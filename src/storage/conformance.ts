// The behaviour every storage backend must have, written once and registered by each backend's test
// file (sqlite.test.ts, postgres.test.ts). Not a test file itself: it exports the suite.

import { afterEach, describe, expect, test } from 'vitest';
import {
  MAX_KEY_BYTES,
  StorageError,
  TransactionConflictError,
  type JsonValue,
  type ListOptions,
  type Store,
  type StoredRecord,
  type Transaction,
} from './types.js';

export interface ConformanceDatabase {
  /** A store on this database. */
  store: Store;
  /** Another store on the same database, as another process would have. */
  reopen(): Promise<Store>;
}

export interface ConformanceTarget {
  /** A fresh, empty database for one test; the target removes it when its run ends. */
  create(): Promise<ConformanceDatabase>;
}

/** Byte-order comparison, the reference the stores must agree with. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** What `list(options)` must return over `keys`, computed the obvious way. */
export function modelList(keys: Iterable<string>, o: ListOptions): string[] {
  const b = (s: string) => Buffer.from(s, 'utf8');
  let out = [...keys].filter(
    (k) =>
      (o.prefix === undefined || b(k).subarray(0, b(o.prefix).length).equals(b(o.prefix))) &&
      (o.start === undefined || byteOrder(k, o.start) >= 0) &&
      (o.end === undefined || byteOrder(k, o.end) < 0) &&
      (o.after === undefined || byteOrder(k, o.after) > 0),
  );
  out.sort(byteOrder);
  if (o.reverse) out.reverse();
  if (o.limit !== undefined) out = out.slice(0, o.limit);
  return out;
}

/** A small deterministic PRNG, so a failing randomized case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Keys whose UTF-8 order differs from JavaScript's UTF-16 order (U+E000..U+FFFF vs. astral code
// points), plus decomposed/precomposed lookalikes, path separators, and the extremes.
const TRICKY_KEYS = [
  'a', 'a/b', 'a/b/c', 'a.b', 'a0', 'a b', 'A', 'z', '~', '\u007f', ' ', 'é', 'e\u0301', '\u00ff', '\u0100',
  '中文/键', '\uE000', '\uFFFD', '\uFFFF', '\u{10000}', '\u{1F600}', '\u{1F600}/x', '\u{10FFFF}', '\u{10FFFF}\u{10FFFF}',
];

const ALPHABET = ['a', 'b', '/', 'é', '\u{1F600}', '\uFFFD', '\u{10FFFF}'];

function randomKey(rand: () => number): string {
  let k = '';
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) k += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return k;
}

function randomListOptions(rand: () => number): ListOptions {
  const o: ListOptions = {};
  // Slice by code point: cutting a surrogate pair would make an unstorable string.
  const pick = () => (rand() < 0.5 ? randomKey(rand) : Array.from(randomKey(rand)).slice(0, 1 + Math.floor(rand() * 2)).join(''));
  if (rand() < 0.4) o.prefix = rand() < 0.1 ? '' : pick();
  if (rand() < 0.3) o.start = pick();
  if (rand() < 0.3) o.end = pick();
  if (rand() < 0.3) o.after = pick();
  if (rand() < 0.5) o.limit = [0, 1, 2, 3, 5, 100][Math.floor(rand() * 6)];
  if (rand() < 0.5) o.reverse = true;
  return o;
}

const keysOf = (records: StoredRecord[]) => records.map((r) => r.key);

async function expectStorageError(p: Promise<unknown> | (() => unknown), code: StorageError['code']): Promise<StorageError> {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
  return error as StorageError;
}

export function registerStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`Store conformance: ${name}`, () => {
    const open: Store[] = [];
    async function fresh(): Promise<Store & { reopen(): Promise<Store> }> {
      const db = await target.create();
      open.push(db.store);
      const reopen = async () => {
        const s = await db.reopen();
        open.push(s);
        return s;
      };
      return Object.assign(db.store, { reopen });
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
    });

    /** Put values, one commit. */
    async function seed(store: Store, entries: Record<string, JsonValue>): Promise<void> {
      await store.transaction((tx) => {
        for (const [k, v] of Object.entries(entries)) tx.put(k, v);
      });
    }

    describe('basic operations', () => {
      test('get, put, overwrite, delete', async () => {
        const store = await fresh();
        expect(store.backend).toBe(name);
        expect(await store.get('missing')).toBeUndefined();
        await seed(store, { k: { a: 1 } });
        expect(await store.get('k')).toEqual({ key: 'k', value: { a: 1 }, version: 1 });
        await seed(store, { k: 'second' });
        expect(await store.get('k')).toEqual({ key: 'k', value: 'second', version: 2 });
        await store.transaction((tx) => tx.delete('k'));
        expect(await store.get('k')).toBeUndefined();
        expect(await store.list({})).toEqual([]);
      });

      test('every kind of JSON value round-trips exactly, object key order included', async () => {
        const store = await fresh();
        const values: Record<string, JsonValue> = {
          null: null,
          true: true,
          false: false,
          zero: 0,
          negative: -12.5,
          big: 1e21,
          small: 5e-324,
          maxSafe: Number.MAX_SAFE_INTEGER,
          empty: '',
          text: 'naïve 中文 \u{1F600} "quoted" \\ back\nslash',
          nul: 'a\u0000b', // PostgreSQL text and jsonb both refuse a raw NUL
          loneSurrogate: 'x\uD800y',
          array: [1, 'two', null, [3], { four: 4 }],
          emptyArray: [],
          emptyObject: {},
          ordered: { zeta: 1, alpha: 2, mid: { y: 1, x: 2 }, '10': 'numeric-looking key', '': 'empty key' },
        };
        await seed(store, values);
        for (const [k, v] of Object.entries(values)) {
          const got = await store.get(k);
          expect(got?.value, k).toEqual(v);
          expect(JSON.stringify(got?.value), k).toBe(JSON.stringify(v));
        }
      });

      test('reads return fresh objects, and put copies its value', async () => {
        const store = await fresh();
        const value = { list: [1, 2] };
        await store.transaction((tx) => {
          tx.put('k', value);
          value.list.push(3); // after put: not stored
        });
        const first = await store.get<{ list: number[] }>('k');
        first!.value.list.push(99);
        expect((await store.get('k'))?.value).toEqual({ list: [1, 2] });
      });

      test('keys and values at the limits', async () => {
        const store = await fresh();
        const ascii1k = 'k/' + 'x'.repeat(1022);
        const multibyteMax = 'k/' + '中'.repeat(Math.floor((MAX_KEY_BYTES - 2) / 3)); // 3 bytes each
        expect(Buffer.byteLength(multibyteMax)).toBeLessThanOrEqual(MAX_KEY_BYTES);
        const asciiMax = 'k/' + 'y'.repeat(MAX_KEY_BYTES - 2);
        const bigString = 's'.repeat(1024 * 1024) + '\u{1F600}';
        const bigObject: Record<string, JsonValue> = {};
        for (let i = 0; i < 20_000; i++) bigObject[`field-${i}`] = { n: i, s: 'v'.repeat(40) };
        await seed(store, { [ascii1k]: 1, [multibyteMax]: 2, [asciiMax]: 3, big: bigString });
        await seed(store, { bigObject });
        expect((await store.get(ascii1k))?.value).toBe(1);
        expect((await store.get(multibyteMax))?.value).toBe(2);
        expect((await store.get(asciiMax))?.value).toBe(3);
        expect((await store.get('big'))?.value).toBe(bigString);
        expect((await store.get('bigObject'))?.value).toEqual(bigObject);
        expect(keysOf(await store.list({ prefix: 'k/' }))).toEqual([ascii1k, asciiMax, multibyteMax].sort(byteOrder));
        // A large value read and rewritten inside a transaction.
        await store.transaction(async (tx) => {
          const r = await tx.get<string>('big');
          tx.put('big2', r!.value + '!');
        });
        expect((await store.get('big2'))?.value).toBe(bigString + '!');
      });

      test('bad keys, values and options are refused as invalid, without touching the database', async () => {
        const store = await fresh();
        const tooLong = 'x'.repeat(MAX_KEY_BYTES + 1);
        for (const key of ['', tooLong, 'a\u0000b', 'lone\uD800', 'lone\uDC00x', 'é'.repeat(MAX_KEY_BYTES / 2 + 1)]) {
          await expectStorageError(store.get(key), 'invalid');
          await expectStorageError(store.transaction((tx) => tx.put(key, 1)), 'invalid');
          await expectStorageError(store.transaction((tx) => tx.delete(key)), 'invalid');
        }
        await expectStorageError(store.transaction((tx) => tx.put('k', undefined as unknown as JsonValue)), 'invalid');
        await expectStorageError(store.transaction((tx) => tx.put('k', { n: NaN })), 'invalid');
        await expectStorageError(store.transaction((tx) => tx.put('k', [Infinity])), 'invalid');
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await expectStorageError(store.transaction((tx) => tx.put('k', circular as JsonValue)), 'invalid');
        await expectStorageError(store.list({ limit: -1 }), 'invalid');
        await expectStorageError(store.list({ limit: 1.5 }), 'invalid');
        await expectStorageError(store.list({ prefix: 'a\u0000' }), 'invalid');
        await expectStorageError(store.deletePrefix(undefined as unknown as string), 'invalid');
        expect(await store.commitSequence()).toBe(0);
      });

      test('an error about a value never quotes the value', async () => {
        const store = await fresh();
        const err = await expectStorageError(store.transaction((tx) => tx.put('k', { secret: 'TOP-SECRET-MARKER', n: NaN })), 'invalid');
        expect(err.message).not.toContain('TOP-SECRET-MARKER');
      });
    });

    describe('ordering and listing', () => {
      test('keys are ordered by UTF-8 bytes, including non-ASCII and astral characters', async () => {
        const store = await fresh();
        await seed(store, Object.fromEntries(TRICKY_KEYS.map((k, i) => [k, i])));
        const expected = [...TRICKY_KEYS].sort(byteOrder);
        // The point of the test: JavaScript's default sort disagrees with byte order here.
        expect(expected).not.toEqual([...TRICKY_KEYS].sort());
        expect(keysOf(await store.list({}))).toEqual(expected);
        expect(keysOf(await store.list({ reverse: true }))).toEqual([...expected].reverse());
        for (const prefix of ['a', 'a/', '\u{1F600}', '\u{10FFFF}', '\uFFFD', 'e', '中']) {
          expect(keysOf(await store.list({ prefix })), `prefix ${JSON.stringify(prefix)}`).toEqual(modelList(TRICKY_KEYS, { prefix }));
        }
      });

      test('prefix, start, end, after, limit and reverse on /-separated keys', async () => {
        const store = await fresh();
        const keys = ['acct/1/kms/key/a', 'acct/1/kms/key/b', 'acct/1/kms/key/c', 'acct/1/kms/keys', 'acct/1/kms/alias/x', 'acct/10/kms/key/a', 'acct/2/kms/key/a', 'acct/1/kms/key'];
        await seed(store, Object.fromEntries(keys.map((k) => [k, k])));
        const cases: ListOptions[] = [
          { prefix: 'acct/1/' },
          { prefix: 'acct/1/kms/key/' },
          { prefix: 'acct/1/kms/key/', limit: 2 },
          { prefix: 'acct/1/kms/key/', after: 'acct/1/kms/key/a', limit: 1 },
          { prefix: 'acct/1/kms/key/', reverse: true },
          { prefix: 'acct/1/kms/key/', reverse: true, limit: 2 },
          { prefix: 'acct/1/kms/key/', reverse: true, end: 'acct/1/kms/key/c', limit: 1 },
          { start: 'acct/1/kms/key/b', end: 'acct/2' },
          { start: 'acct/1/kms/key/b', end: 'acct/1/kms/key/b' },
          { after: 'acct/1/kms/key/c', end: 'acct/1/kms/key/c' },
          { prefix: 'acct/1', start: 'acct/0', end: 'acct/3' },
          { prefix: 'acct/1/', start: 'acct/1/kms/key/b', after: 'acct/1/kms/key/b' },
          { prefix: 'acct/3/' },
          { limit: 0 },
          { limit: 3, reverse: true },
        ];
        for (const o of cases) expect(keysOf(await store.list(o)), JSON.stringify(o)).toEqual(modelList(keys, o));
        // Paging forwards with `after` and backwards with `end` visits every key once.
        const forward: string[] = [];
        for (let after: string | undefined; ; ) {
          const page = await store.list({ prefix: 'acct/', limit: 3, ...(after === undefined ? {} : { after }) });
          forward.push(...keysOf(page));
          if (page.length < 3) break;
          after = page[page.length - 1]!.key;
        }
        expect(forward).toEqual(modelList(keys, { prefix: 'acct/' }));
        const backward: string[] = [];
        for (let end: string | undefined; ; ) {
          const page = await store.list({ prefix: 'acct/', limit: 3, reverse: true, ...(end === undefined ? {} : { end }) });
          backward.push(...keysOf(page));
          if (page.length < 3) break;
          end = page[page.length - 1]!.key;
        }
        expect(backward).toEqual(modelList(keys, { prefix: 'acct/', reverse: true }));
      });

      test('random list options agree with a reference model', async () => {
        const store = await fresh();
        const rand = prng(20240611);
        const keys = new Set<string>();
        while (keys.size < 80) keys.add(randomKey(rand));
        await seed(store, Object.fromEntries([...keys].map((k) => [k, k])));
        for (let i = 0; i < 300; i++) {
          const o = randomListOptions(rand);
          const got = await store.list(o);
          expect(keysOf(got), JSON.stringify(o)).toEqual(modelList(keys, o));
          for (const r of got) expect(r.value).toBe(r.key);
        }
      });
    });

    describe('transactions', () => {
      test('read-your-writes: get sees buffered puts and deletes, with version 0', async () => {
        const store = await fresh();
        await seed(store, { a: 1, b: 2 });
        await store.transaction(async (tx) => {
          tx.put('a', 10);
          tx.delete('b');
          tx.put('c', 30);
          expect(await tx.get('a')).toEqual({ key: 'a', value: 10, version: 0 });
          expect(await tx.get('b')).toBeUndefined();
          expect(await tx.get('c')).toEqual({ key: 'c', value: 30, version: 0 });
          tx.delete('c');
          expect(await tx.get('c')).toBeUndefined();
          tx.put('b', 20);
          expect((await tx.get('b'))?.value).toBe(20);
          // Outside the transaction nothing has happened yet.
          expect((await store.get('a'))?.value).toBe(1);
          expect((await store.get('b'))?.value).toBe(2);
        });
        expect(keysOf(await store.list({}))).toEqual(['a', 'b']);
        expect((await store.get('a'))?.value).toBe(10);
        expect((await store.get('b'))?.value).toBe(20);
      });

      test('list merges buffered writes in order, deletes hiding rows, with limits and reverse', async () => {
        const store = await fresh();
        await seed(store, { 'p/1': 1, 'p/3': 3, 'p/5': 5, 'p/7': 7, 'q/1': 'other' });
        await store.transaction(async (tx) => {
          tx.put('p/2', 2);
          tx.put('p/3', 33);
          tx.delete('p/5');
          tx.put('p/8', 8);
          tx.delete('p/9'); // absent: hides nothing
          tx.put('q/0', 'outside the prefix');
          const all = await tx.list({ prefix: 'p/' });
          expect(all.map((r) => [r.key, r.value, r.version])).toEqual([
            ['p/1', 1, 1],
            ['p/2', 2, 0],
            ['p/3', 33, 0],
            ['p/7', 7, 1],
            ['p/8', 8, 0],
          ]);
          expect(keysOf(await tx.list({ prefix: 'p/', reverse: true }))).toEqual(['p/8', 'p/7', 'p/3', 'p/2', 'p/1']);
          expect(keysOf(await tx.list({ prefix: 'p/', limit: 3 }))).toEqual(['p/1', 'p/2', 'p/3']);
          expect(keysOf(await tx.list({ prefix: 'p/', limit: 2, after: 'p/3' }))).toEqual(['p/7', 'p/8']);
          expect(keysOf(await tx.list({ prefix: 'p/', limit: 2, reverse: true }))).toEqual(['p/8', 'p/7']);
          expect(keysOf(await tx.list({ start: 'p/4', end: 'q/1' }))).toEqual(['p/7', 'p/8', 'q/0']);
          tx.delete('p/1');
          tx.delete('p/2');
          tx.delete('p/3');
          // Three deletes ahead of the page: the store must fetch past them to fill it.
          expect(keysOf(await tx.list({ prefix: 'p/', limit: 2 }))).toEqual(['p/7', 'p/8']);
        });
        expect(keysOf(await store.list({ prefix: 'p/' }))).toEqual(['p/7', 'p/8']);
      });

      test('random buffered writes merged into random listings agree with a reference model', async () => {
        const store = await fresh();
        const rand = prng(7);
        const committed = new Map<string, JsonValue>();
        while (committed.size < 40) {
          const k = randomKey(rand);
          committed.set(k, k);
        }
        await seed(store, Object.fromEntries(committed));
        for (let round = 0; round < 6; round++) {
          const state = new Map(committed);
          await store.transaction(async (tx) => {
            for (let i = 0; i < 120; i++) {
              const k = randomKey(rand);
              const r = rand();
              if (r < 0.3) {
                tx.put(k, `${k}#${round}`);
                state.set(k, `${k}#${round}`);
              } else if (r < 0.5) {
                tx.delete(k);
                state.delete(k);
              } else if (r < 0.6) {
                expect((await tx.get(k))?.value).toEqual(state.get(k));
              } else {
                const o = randomListOptions(rand);
                const got = await tx.list(o);
                expect(keysOf(got), JSON.stringify(o)).toEqual(modelList(state.keys(), o));
                for (const rec of got) expect(rec.value).toEqual(state.get(rec.key));
              }
            }
          });
          committed.clear();
          for (const [k, v] of state) committed.set(k, v);
          const all = await store.list({});
          expect(keysOf(all)).toEqual(modelList(committed.keys(), {}));
          for (const rec of all) expect(rec.value).toEqual(committed.get(rec.key));
        }
      });

      test('an exception from fn aborts: nothing written, the same error comes back, no retry', async () => {
        const store = await fresh();
        await seed(store, { a: 1 });
        const boom = new Error('boom');
        let calls = 0;
        const p = store.transaction(async (tx) => {
          calls++;
          tx.put('a', 2);
          tx.put('b', 3);
          await tx.get('a');
          throw boom;
        });
        await expect(p).rejects.toBe(boom);
        expect(calls).toBe(1);
        expect((await store.get('a'))?.value).toBe(1);
        expect(await store.get('b')).toBeUndefined();
        expect(await store.commitSequence()).toBe(1);
      });

      test('the transaction returns fn’s result; a transaction that writes nothing commits nothing', async () => {
        const store = await fresh();
        await seed(store, { a: 1 });
        const result = await store.transaction(async (tx) => ({ a: (await tx.get('a'))?.value, list: (await tx.list({})).length }));
        expect(result).toEqual({ a: 1, list: 1 });
        expect(await store.transaction(() => 'nothing')).toBe('nothing');
        expect(await store.commitSequence()).toBe(1);
      });

      test('the tx object stops working once fn has returned', async () => {
        const store = await fresh();
        let leaked: Transaction | undefined;
        await store.transaction((tx) => {
          leaked = tx;
        });
        expect(() => leaked!.put('late', 1)).toThrow(StorageError);
        await expectStorageError(leaked!.get('late'), 'invalid');
        expect(await store.get('late')).toBeUndefined();
      });

      test('versions are commit numbers: shared within a commit, growing, never reused after a delete', async () => {
        const store = await fresh();
        expect(await store.commitSequence()).toBe(0);
        await seed(store, { a: 1, b: 1 });
        expect((await store.get('a'))?.version).toBe(1);
        expect((await store.get('b'))?.version).toBe(1);
        await seed(store, { a: 2 });
        expect((await store.get('a'))?.version).toBe(2);
        expect((await store.get('b'))?.version).toBe(1);
        await store.transaction((tx) => tx.delete('a'));
        expect(await store.commitSequence()).toBe(3);
        await seed(store, { a: 3 });
        expect((await store.get('a'))?.version).toBe(4);
        expect(await store.commitSequence()).toBe(4);
        const versions = (await store.list({})).map((r) => r.version);
        expect(versions).toEqual([4, 1]);
      });
    });

    describe('conflicts', () => {
      /**
       * Runs a transaction whose first attempt reads, then lets `interfere` commit from another
       * store on the same database, then writes. Returns the attempts made.
       */
      async function raced(
        store: Store,
        other: Store,
        read: (tx: Transaction) => Promise<unknown>,
        interfere: (tx: Transaction) => void,
      ): Promise<{ attempts: number; seen: unknown[] }> {
        let attempts = 0;
        const seen: unknown[] = [];
        await store.transaction(async (tx) => {
          attempts++;
          const r = await read(tx);
          seen.push(r);
          if (attempts === 1) await other.transaction((o) => interfere(o));
          tx.put('out', attempts);
        });
        return { attempts, seen };
      }

      test('a key that changed after it was read forces a retry that sees the new value', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 1 });
        const r = await raced(store, other, async (tx) => (await tx.get('k'))?.value, (o) => o.put('k', 2));
        expect(r).toEqual({ attempts: 2, seen: [1, 2] });
        expect((await store.get('out'))?.value).toBe(2);
      });

      test('a key read again in one attempt reads as it did the first time; the commit still notices the change', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 1 });
        const seen: unknown[] = [];
        await store.transaction(async (tx) => {
          const first = (await tx.get('k'))?.value;
          if (seen.length === 0) await other.transaction((o) => o.put('k', 2));
          seen.push([first, (await tx.get('k'))?.value]);
          tx.put('out', first as number);
        });
        expect(seen).toEqual([
          [1, 1],
          [2, 2],
        ]);
        expect((await store.get('out'))?.value).toBe(2);
      });

      test('a key that appeared after it was read as absent', async () => {
        const store = await fresh();
        const other = await store.reopen();
        const r = await raced(store, other, async (tx) => (await tx.get('k'))?.value ?? 'absent', (o) => o.put('k', 'here'));
        expect(r).toEqual({ attempts: 2, seen: ['absent', 'here'] });
      });

      test('a key that vanished after it was read', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 1 });
        const r = await raced(store, other, async (tx) => (await tx.get('k'))?.value ?? 'absent', (o) => o.delete('k'));
        expect(r).toEqual({ attempts: 2, seen: [1, 'absent'] });
      });

      test('a key deleted and written again with the same value still conflicts (versions differ)', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 1 });
        const r = await raced(store, other, async (tx) => (await tx.get('k'))?.value, (o) => o.put('k', 1));
        expect(r.attempts).toBe(2);
      });

      test('a listed range that gained a row (phantom)', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { 'r/1': 1, 'r/3': 3 });
        const r = await raced(store, other, async (tx) => keysOf(await tx.list({ prefix: 'r/' })), (o) => o.put('r/2', 2));
        expect(r).toEqual({ attempts: 2, seen: [['r/1', 'r/3'], ['r/1', 'r/2', 'r/3']] });
      });

      test('a listed range that lost a row', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { 'r/1': 1, 'r/3': 3 });
        const r = await raced(store, other, async (tx) => keysOf(await tx.list({ prefix: 'r/' })), (o) => o.delete('r/1'));
        expect(r).toEqual({ attempts: 2, seen: [['r/1', 'r/3'], ['r/3']] });
      });

      test('a listed range where one row was rewritten', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { 'r/1': 1, 'r/3': 3 });
        const r = await raced(store, other, async (tx) => (await tx.list({ prefix: 'r/' })).map((x) => x.value), (o) => o.put('r/3', 33));
        expect(r).toEqual({ attempts: 2, seen: [[1, 3], [1, 33]] });
      });

      test('a range that lost one row and gained another (same count) still conflicts', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { 'r/1': 1, 'r/3': 3 });
        const r = await raced(store, other, async (tx) => keysOf(await tx.list({ prefix: 'r/' })), (o) => {
          o.delete('r/1');
          o.put('r/2', 2);
        });
        expect(r).toEqual({ attempts: 2, seen: [['r/1', 'r/3'], ['r/2', 'r/3']] });
      });

      test('an empty range that gained a row', async () => {
        const store = await fresh();
        const other = await store.reopen();
        const r = await raced(store, other, async (tx) => (await tx.list({ prefix: 'r/' })).length, (o) => o.put('r/x', 1));
        expect(r).toEqual({ attempts: 2, seen: [0, 1] });
      });

      test('writes outside what was read do not conflict', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 1, 'r/1': 1, 'r/3': 3 });
        const r = await raced(
          store,
          other,
          async (tx) => [(await tx.get('k'))?.value, keysOf(await tx.list({ prefix: 'r/' }))],
          (o) => {
            o.put('k2', 1); // another key
            o.put('r', 1); // just before the prefix
            o.put('s/1', 1); // just after it
            o.put('out', 'blind'); // a key the transaction only writes
          },
        );
        expect(r.attempts).toBe(1);
        expect((await store.get('out'))?.value).toBe(1);
      });

      test('a page read with a limit only conflicts with changes up to its last key', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { 'p/1': 1, 'p/2': 2, 'p/3': 3, 'p/4': 4 });
        const page = async (tx: Transaction) => keysOf(await tx.list({ prefix: 'p/', limit: 2 }));
        expect((await raced(store, other, page, (o) => o.put('p/25', 1))).attempts).toBe(1);
        expect((await raced(store, other, page, (o) => o.delete('p/3'))).attempts).toBe(1);
        expect((await raced(store, other, page, (o) => o.put('p/15', 1))).attempts).toBe(2);
        expect((await raced(store, other, page, (o) => o.put('p/1', 'changed'))).attempts).toBe(2);
        const back = async (tx: Transaction) =>
          keysOf(await tx.list({ prefix: 'p/', limit: 2, reverse: true }));
        expect((await raced(store, other, back, (o) => o.put('p/0', 1))).attempts).toBe(1);
        expect((await raced(store, other, back, (o) => o.put('p/35', 1))).attempts).toBe(2);
      });

      test('a read-only transaction whose reads were not simultaneous is retried', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { a: 1, b: 1 });
        let attempts = 0;
        const pair = await store.transaction(async (tx) => {
          attempts++;
          const a = (await tx.get<number>('a'))!.value;
          if (attempts === 1) await seed(other, { a: 2, b: 2 });
          const b = (await tx.get<number>('b'))!.value;
          return [a, b];
        });
        expect(attempts).toBe(2);
        expect(pair).toEqual([2, 2]);
        expect(await store.commitSequence()).toBe(2);
      });

      test('after maxAttempts conflicts: TransactionConflictError, nothing written', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 0 });
        let attempts = 0;
        const p = store.transaction(
          async (tx) => {
            attempts++;
            const k = (await tx.get<number>('k'))!.value;
            await seed(other, { k: k + 1 });
            tx.put('mine', attempts);
          },
          { maxAttempts: 3 },
        );
        await expect(p).rejects.toBeInstanceOf(TransactionConflictError);
        expect(attempts).toBe(3);
        expect(await store.get('mine')).toBeUndefined();
        expect((await store.get('k'))?.value).toBe(3);
      });

      test('concurrent increments from one process lose no update', async () => {
        const store = await fresh();
        const n = 40;
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            store.transaction(async (tx) => {
              const c = (await tx.get<number>('counter'))?.value ?? 0;
              tx.put('counter', c + 1);
              tx.put(`log/${String(i).padStart(3, '0')}`, c);
            }),
          ),
        );
        expect((await store.get('counter'))?.value).toBe(n);
        const log = await store.list<number>({ prefix: 'log/' });
        // Each increment saw a distinct previous value: 0..n-1, each exactly once.
        expect(log.map((r) => r.value).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(await store.commitSequence()).toBe(n);
      });

      test('concurrent transactions through two stores on one database lose no update', async () => {
        const store = await fresh();
        const other = await store.reopen();
        const work = (s: Store, who: string) =>
          Array.from({ length: 15 }, (_, i) =>
            s.transaction(async (tx) => {
              const c = (await tx.get<number>('counter'))?.value ?? 0;
              const items = await tx.list({ prefix: 'item/' });
              tx.put('counter', c + 1);
              tx.put(`item/${who}/${i}`, items.length);
            }),
          );
        await Promise.all([...work(store, 'a'), ...work(other, 'b')]);
        expect((await store.get('counter'))?.value).toBe(30);
        const items = await other.list<number>({ prefix: 'item/' });
        expect(items).toHaveLength(30);
        // Serializable: each transaction saw exactly the items committed before it.
        expect(items.map((r) => r.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      });

      test('write skew is prevented: two transactions that each check the other’s key', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { 'oncall/alice': true, 'oncall/bob': true });
        // Each takes one person off call if the other is still on: serially, only one may succeed.
        const goOff = (s: Store, me: string, them: string) =>
          s.transaction(async (tx) => {
            const onCall = await tx.list({ prefix: 'oncall/' });
            await new Promise((r) => setTimeout(r, 20)); // let both read before either commits
            if (onCall.some((r) => r.key === `oncall/${them}`)) tx.delete(`oncall/${me}`);
          });
        await Promise.all([goOff(store, 'alice', 'bob'), goOff(other, 'bob', 'alice')]);
        expect(await store.list({ prefix: 'oncall/' })).toHaveLength(1);
      });
    });

    describe('afterCommit', () => {
      test('runs once, after the commit is visible, only for the attempt that committed', async () => {
        const store = await fresh();
        const other = await store.reopen();
        await seed(store, { k: 1 });
        const calls: string[] = [];
        let attempts = 0;
        await store.transaction(async (tx) => {
          attempts++;
          const attempt = attempts;
          const k = (await tx.get<number>('k'))!.value;
          tx.afterCommit(() => {
            calls.push(`attempt ${attempt} first`);
          });
          tx.afterCommit(() => {
            calls.push(`attempt ${attempt} second`);
          });
          if (attempt === 1) await seed(other, { k: 2 });
          tx.put('k', k + 10);
          tx.afterCommit(() => {
            void store.get('k').then((r) => calls.push(`visible ${String(r?.value)}`));
          });
        });
        await new Promise((r) => setTimeout(r, 10));
        expect(attempts).toBe(2);
        expect(calls).toEqual(['attempt 2 first', 'attempt 2 second', 'visible 12']);
      });

      test('does not run when fn throws or the transaction gives up', async () => {
        const store = await fresh();
        const other = await store.reopen();
        const calls: string[] = [];
        await expect(
          store.transaction((tx) => {
            tx.afterCommit(() => calls.push('thrown'));
            tx.put('a', 1);
            throw new Error('no');
          }),
        ).rejects.toThrow('no');
        await expect(
          store.transaction(
            async (tx) => {
              tx.afterCommit(() => calls.push('conflicted'));
              await tx.get('k');
              await seed(other, { k: Math.random() });
              tx.put('a', 1);
            },
            { maxAttempts: 2 },
          ),
        ).rejects.toBeInstanceOf(TransactionConflictError);
        expect(calls).toEqual([]);
      });

      test('a throwing callback does not stop the others, and its error surfaces after the commit', async () => {
        const store = await fresh();
        const calls: string[] = [];
        const oops = new Error('callback failed');
        const p = store.transaction((tx) => {
          tx.put('a', 1);
          tx.afterCommit(() => {
            throw oops;
          });
          tx.afterCommit(() => calls.push('second'));
        });
        await expect(p).rejects.toBe(oops);
        expect(calls).toEqual(['second']);
        expect((await store.get('a'))?.value).toBe(1);
      });
    });

    describe('commit sequence and deletePrefix', () => {
      test('commitSequence counts commits that wrote, and is shared by every store on the database', async () => {
        const store = await fresh();
        const other = await store.reopen();
        expect(await store.commitSequence()).toBe(0);
        await seed(store, { a: 1 });
        await seed(other, { b: 1 });
        await store.transaction(async (tx) => {
          await tx.get('a');
        });
        expect(await store.commitSequence()).toBe(2);
        expect(await other.commitSequence()).toBe(2);
      });

      test('deletePrefix deletes exactly the prefix in one commit', async () => {
        const store = await fresh();
        await seed(store, { 'd/1': 1, 'd/2': 2, 'd/x/3': 3, d: 0, 'd0': 0, 'e/1': 1, 'c/1': 1 });
        expect(await store.deletePrefix('d/')).toBe(3);
        expect(keysOf(await store.list({}))).toEqual(['c/1', 'd', 'd0', 'e/1']);
        expect(await store.commitSequence()).toBe(2);
        expect(await store.deletePrefix('nothing/')).toBe(0);
        expect(await store.commitSequence()).toBe(2);
        expect(await store.deletePrefix('\u{1F600}')).toBe(0);
      });

      test('deletePrefix conflicts with a transaction that read the range', async () => {
        const store = await fresh();
        await seed(store, { 'd/1': 1 });
        let attempts = 0;
        await store.transaction(async (tx) => {
          attempts++;
          const n = (await tx.list({ prefix: 'd/' })).length;
          if (attempts === 1) await store.deletePrefix('d/');
          tx.put('count', n);
        });
        expect(attempts).toBe(2);
        expect((await store.get('count'))?.value).toBe(0);
      });

      test('deletePrefix("") clears the store', async () => {
        const store = await fresh();
        await seed(store, { a: 1, '\u{10FFFF}': 2 });
        expect(await store.deletePrefix('')).toBe(2);
        expect(await store.list({})).toEqual([]);
      });
    });

    describe('lifecycle', () => {
      test('data and the sequence survive close and reopen', async () => {
        const store = await fresh();
        await seed(store, { a: { nested: [1] } });
        await seed(store, { b: 2 });
        await store.close();
        const again = await store.reopen();
        expect(await again.get('a')).toEqual({ key: 'a', value: { nested: [1] }, version: 1 });
        expect(await again.commitSequence()).toBe(2);
      });

      test('close waits for in-flight transactions, then refuses new work', async () => {
        const store = await fresh();
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const inFlight = store.transaction(async (tx) => {
          await tx.get('a');
          await gate;
          tx.put('a', 'written after close was called');
        });
        await new Promise((r) => setTimeout(r, 10));
        const closing = store.close();
        let closed = false;
        void closing.then(() => (closed = true));
        await new Promise((r) => setTimeout(r, 20));
        expect(closed).toBe(false);
        await expectStorageError(store.get('a'), 'closed');
        release();
        await inFlight;
        await closing;
        await store.close(); // idempotent
        await expectStorageError(store.transaction(() => undefined), 'closed');
        await expectStorageError(store.list({}), 'closed');
        await expectStorageError(store.commitSequence(), 'closed');
        await expectStorageError(store.deletePrefix('a'), 'closed');
        const again = await store.reopen();
        expect((await again.get('a'))?.value).toBe('written after close was called');
      });
    });
  });
}

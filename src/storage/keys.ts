// Keys, values and key ranges, shared by both backends and the transaction layer. Everything here
// orders keys the way the databases do: by UTF-8 bytes (SQLite's BINARY collation, PostgreSQL's
// COLLATE "C"), which is Unicode code point order.

import { MAX_KEY_BYTES, StorageError, type JsonValue, type ListOptions } from './types.js';

/** One end of a key range. */
export interface Bound {
  key: string;
  inclusive: boolean;
}

/** Keys between `lower` and `upper`; a missing bound is unbounded. */
export interface KeyRange {
  lower?: Bound;
  upper?: Bound;
}

/** A row as the backends return it: the value still as JSON text. */
export interface RawRow {
  key: string;
  value: string;
  version: number;
}

// An unpaired surrogate cannot be encoded as UTF-8 (drivers would silently turn it into U+FFFD, so
// two different keys could become one), and PostgreSQL text cannot hold U+0000.
const UNSTORABLE = /[\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A key that cannot be stored. Keys are built from names callers choose, so this is the caller's
 * mistake, not Rampart's: the pipeline answers it as invalid input.
 */
export class KeyNotStorableError extends StorageError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'KeyNotStorableError';
  }
}

/** Throws unless `key` can be stored. Messages give the problem, not the key. */
export function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new KeyNotStorableError('a key must be a non-empty string');
  }
  if (UNSTORABLE.test(key)) throw new KeyNotStorableError('key contains U+0000 or an unpaired surrogate');
  // Cheap check first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (key.length * 3 > MAX_KEY_BYTES) {
    const bytes = Buffer.byteLength(key, 'utf8');
    if (bytes > MAX_KEY_BYTES) {
      throw new KeyNotStorableError(`a key is ${bytes} bytes long; the limit is ${MAX_KEY_BYTES}`);
    }
  }
}

function assertStorableString(s: string, what: string): void {
  if (typeof s !== 'string') throw new StorageError('invalid', `${what} must be a string`);
  if (UNSTORABLE.test(s)) throw new KeyNotStorableError(`${what} contains U+0000 or an unpaired surrogate`);
}

/** Serialize a value for storage; rejects what JSON cannot represent faithfully. */
export function serializeValue(value: JsonValue): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new StorageError('invalid', 'a value contains NaN or Infinity');
      return v;
    });
  } catch (err) {
    if (err instanceof StorageError) throw err;
    // Circular structures, BigInt: name the failure, not the value.
    throw new StorageError('invalid', `a value cannot be serialized as JSON (${(err as Error).name})`);
  }
  if (text === undefined) throw new StorageError('invalid', 'a value must be a JSON value (got undefined or a function)');
  return text;
}

export function parseValue<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * Compare keys by code point (= UTF-8 byte order). JavaScript's `<` compares UTF-16 code units,
 * which puts U+10000 and above (surrogate pairs, 0xD800-0xDFFF) before U+E000-U+FFFF; code units
 * from 0xD800 up are remapped so that surrogates sort after everything in the BMP.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/**
 * The smallest string greater than every string starting with `prefix`, or undefined when there is
 * none (the prefix is empty or all U+10FFFF): drop trailing U+10FFFF, then take the next code point
 * after the last one (skipping the surrogate range, which is not a code point of its own).
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0 && cps[cps.length - 1] === 0x10ffff) cps.pop();
  if (cps.length === 0) return undefined;
  let last = cps.pop()! + 1;
  if (last === 0xd800) last = 0xe000;
  cps.push(last);
  return String.fromCodePoint(...cps);
}

function maxLower(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined) return b;
  const c = compareKeys(a.key, b.key);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a; // same key: the exclusive bound is the tighter one
}

function minUpper(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined) return b;
  const c = compareKeys(a.key, b.key);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** Validated list options as a range, or undefined when the range is empty. */
export function rangeOf(options: ListOptions): KeyRange | undefined {
  if (options === null || typeof options !== 'object') throw new StorageError('invalid', 'list options must be an object');
  const { prefix, start, end, after, limit } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new StorageError('invalid', 'list limit must be a non-negative integer');
  }
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  if (prefix !== undefined) {
    assertStorableString(prefix, 'list prefix');
    if (prefix !== '') lower = { key: prefix, inclusive: true };
    const succ = prefixSuccessor(prefix);
    if (succ !== undefined) upper = { key: succ, inclusive: false };
  }
  if (start !== undefined) {
    assertStorableString(start, 'list start');
    lower = maxLower(lower, { key: start, inclusive: true });
  }
  if (after !== undefined) {
    assertStorableString(after, 'list after');
    lower = maxLower(lower, { key: after, inclusive: false });
  }
  if (end !== undefined) {
    assertStorableString(end, 'list end');
    upper = minUpper(upper, { key: end, inclusive: false });
  }
  if (lower && upper) {
    const c = compareKeys(lower.key, upper.key);
    if (c > 0 || (c === 0 && !(lower.inclusive && upper.inclusive))) return undefined;
  }
  const range: KeyRange = {};
  if (lower) range.lower = lower;
  if (upper) range.upper = upper;
  return range;
}

/** The range of keys starting with `prefix` (deletePrefix); '' means every key. */
export function prefixRange(prefix: string): KeyRange | undefined {
  // Checked here because rangeOf treats a missing prefix as "everything".
  if (typeof prefix !== 'string') throw new StorageError('invalid', 'a prefix must be a string');
  return rangeOf({ prefix });
}

export function inRange(range: KeyRange, key: string): boolean {
  if (range.lower) {
    const c = compareKeys(key, range.lower.key);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper) {
    const c = compareKeys(key, range.upper.key);
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return false;
  }
  return true;
}

/** A short name for a range's shape, to pick a cached SQL statement. */
export function rangeShape(range: KeyRange): string {
  const lo = range.lower ? (range.lower.inclusive ? 'ge' : 'gt') : 'none';
  const hi = range.upper ? (range.upper.inclusive ? 'le' : 'lt') : 'none';
  return `${lo}_${hi}`;
}

/**
 * The SQL condition for a range, with `?`-free placeholders produced by `param` (each backend has
 * its own placeholder syntax). Bounds are always bound as parameters, never inlined.
 */
export function rangeCondition(range: KeyRange, param: (which: 'lower' | 'upper') => string): string {
  const parts: string[] = [];
  if (range.lower) parts.push(`key ${range.lower.inclusive ? '>=' : '>'} ${param('lower')}`);
  if (range.upper) parts.push(`key ${range.upper.inclusive ? '<=' : '<'} ${param('upper')}`);
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}

// The request context as conditions and policy variables read it: keys compare case-insensitively
// (aws:SourceIp and AWS:SOURCEIP are one key), values keep the caller's type until an operator asks
// for its own (a string, a number, a date, a boolean, bytes, an address).
import type { ContextValue } from './types.js';

export type ContextRecord = Readonly<Record<string, ContextValue | undefined>>;

/** Context values by lower-cased key; absent keys (and keys set to undefined) are missing. */
export type ContextLookup = ReadonlyMap<string, ContextValue>;

// One request evaluates several checks against the same context object: index it once.
const indexed = new WeakMap<ContextRecord, ContextLookup>();

export function contextLookup(record: ContextRecord): ContextLookup {
  let lookup = indexed.get(record);
  if (lookup === undefined) {
    const map = new Map<string, ContextValue>();
    for (const key in record) {
      const value = record[key];
      if (value !== undefined && value !== null) map.set(key.toLowerCase(), value);
    }
    lookup = map;
    indexed.set(record, lookup);
  }
  return lookup;
}

export function isMultiValued(value: ContextValue): value is readonly string[] {
  return Array.isArray(value);
}

/** A single value as the string operators (and policy variables) see it. */
export function contextString(value: ContextValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return String(value);
}

/** The value a policy variable `${key}` stands for: single-valued keys only, as AWS substitutes. */
export function variableValue(lookup: ContextLookup, lowerKey: string): string | undefined {
  const value = lookup.get(lowerKey);
  if (value === undefined || isMultiValued(value)) return undefined;
  const text = contextString(value);
  return text === '' ? undefined : text;
}

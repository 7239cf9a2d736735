// The request context as conditions and policy variables read it: keys compare case-insensitively
// (aws:SourceIp and AWS:SOURCEIP are one key), values keep the caller's type until an operator asks
// for its own (a string, a number, a date, a boolean, bytes, an address).
import type { ContextValue } from './types.js';

export type ContextRecord = Readonly<Record<string, ContextValue | undefined>>;

/**
 * The request context for one evaluation. Policies and callers nearly always spell a key the same way
 * (aws:SourceIp), so a key is first looked up as the policy spells it; only a miss, which must be
 * confirmed case-insensitively, builds the lower-cased index (once per evaluation).
 */
export class ContextLookup {
  private index: Map<string, ContextValue> | undefined;

  constructor(private readonly record: ContextRecord) {}

  /** The value of `key` (as the policy spells it; `lowerKey` is its lower case), or undefined when missing. */
  get(key: string, lowerKey: string): ContextValue | undefined {
    if (Object.hasOwn(this.record, key)) {
      const exact = this.record[key];
      if (exact !== undefined && exact !== null) return exact;
    }
    return (this.index ??= indexByLowerCase(this.record)).get(lowerKey);
  }
}

function indexByLowerCase(record: ContextRecord): Map<string, ContextValue> {
  const map = new Map<string, ContextValue>();
  for (const key in record) {
    const value = record[key];
    if (value !== undefined && value !== null) map.set(key.toLowerCase(), value);
  }
  return map;
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
export function variableValue(lookup: ContextLookup, key: string, lowerKey: string): string | undefined {
  const value = lookup.get(key, lowerKey);
  if (value === undefined || isMultiValued(value)) return undefined;
  const text = contextString(value);
  return text === '' ? undefined : text;
}

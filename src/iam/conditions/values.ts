// Typed readings of condition values and context values for the operator families: numbers, dates
// (ISO 8601 as W3C profiles it, or epoch seconds), booleans, base64 bytes. Each returns undefined for
// a value that is not of its type, which makes the comparison fail (and a negated one too).
import type { ContextValue } from '../types.js';
import { contextString } from '../context.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

export function contextNumber(value: ContextValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return value.getTime() / 1000;
  return parseNumber(contextString(value));
}

// YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.fraction]] and a zone (Z or ±hh[:mm]).
const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH_SECONDS = /^-?\d+$/;

/** Milliseconds since the epoch for a policy date: ISO 8601 (UTC unless zoned) or epoch seconds. */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  const m = ISO_DATE.exec(trimmed);
  if (!m) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Math.floor(Number(`0.${fraction || '0'}`) * 1000));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offsetMinutes * 60_000;
  }
  return ms;
}

export function contextDate(value: ContextValue): number | undefined {
  if (value instanceof Date) return value.getTime();
  // aws:EpochTime may be supplied as a number of seconds.
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  return parseDate(value);
}

export function parseBoolean(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

export function contextBoolean(value: ContextValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  return parseBoolean(value);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes of a base64 policy value (BinaryEquals), or undefined when it is not base64. */
export function parseBase64(text: string): Buffer | undefined {
  const trimmed = text.trim();
  return trimmed.length % 4 === 0 && BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
}

export function contextBytes(value: ContextValue): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return parseBase64(value);
  return undefined;
}

// Scalar conversions shared by every protocol: text <-> timestamps, numbers, booleans, base64, and
// percent-decoding. Parsers throw ValueError; each protocol turns it into its own wire error.
import type { TimestampFormat } from './model.js';

/** A value that cannot be read as its shape's type. The message never contains the value. */
export class ValueError extends Error {}

// ---------------------------------------------------------------------------------------------
// Timestamps

const ISO8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;
const EPOCH = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Parses a timestamp in any of the AWS forms: epoch seconds, ISO 8601, RFC 822 (servers are lenient). */
export function parseTimestampText(text: string): Date {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return fromEpochSeconds(Number(trimmed));
  const iso = ISO8601.exec(trimmed);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, sign, oh, om] = iso;
    let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) throw new ValueError('invalid timestamp');
    if (sign) ms -= (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000;
    return new Date(ms);
  }
  // RFC 822 / RFC 7231 IMF-fixdate ("Tue, 29 Apr 2014 18:30:38 GMT") and the obsolete forms Date.parse knows.
  if (/^[A-Za-z]{3},? /.test(trimmed) || /GMT$|UTC$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new ValueError('invalid timestamp');
}

export function fromEpochSeconds(seconds: number): Date {
  if (!Number.isFinite(seconds)) throw new ValueError('invalid timestamp');
  const date = new Date(Math.round(seconds * 1000));
  if (Number.isNaN(date.getTime())) throw new ValueError('invalid timestamp');
  return date;
}

/** A handler's timestamp value (a Date; a number is taken as ms since the epoch, a string parsed). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('invalid Date in output');
    return value;
  }
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') return parseTimestampText(value);
  throw new TypeError(`expected a Date in output, got ${typeof value}`);
}

export function formatTimestamp(value: unknown, format: TimestampFormat): string {
  const date = toDate(value);
  switch (format) {
    case 'iso8601':
      return isoString(date);
    case 'rfc822':
      return date.toUTCString();
    case 'unixTimestamp':
      return epochSecondsText(date);
  }
}

/** ISO 8601 in UTC, without milliseconds when they are zero (what AWS sends). */
export function isoString(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function epochSecondsText(date: Date): string {
  return String(date.getTime() / 1000);
}

// ---------------------------------------------------------------------------------------------
// Numbers and booleans from text (query strings, headers, form fields, XML)

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseIntegerText(text: string, type: 'integer' | 'long'): number {
  const t = text.trim();
  if (!INTEGER.test(t)) throw new ValueError(`invalid ${type}`);
  const n = Number(t);
  if (type === 'integer' ? n > 2147483647 || n < -2147483648 : !Number.isSafeInteger(n)) throw new ValueError(`${type} out of range`);
  return n;
}

export function parseFloatText(text: string): number {
  const t = text.trim();
  if (t === 'NaN') return Number.NaN;
  if (t === 'Infinity' || t === '+Infinity') return Number.POSITIVE_INFINITY;
  if (t === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (!DECIMAL.test(t)) throw new ValueError('invalid number');
  return Number(t);
}

export function parseBooleanText(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new ValueError('invalid boolean');
}

/** Numbers as AWS writes them: NaN and the infinities by name. */
export function numberText(n: number): string {
  if (Number.isFinite(n)) return String(n);
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

// ---------------------------------------------------------------------------------------------
// Base64

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (standard alphabet; padding optional): Buffer.from alone would skip bad characters. */
export function decodeBase64(text: string): Buffer {
  if (!BASE64.test(text) || text.length % 4 === 1) throw new ValueError('invalid base64');
  const eq = text.indexOf('=');
  if (eq >= 0 && (text.length % 4 !== 0 || eq < text.length - 2)) throw new ValueError('invalid base64');
  return Buffer.from(text, 'base64');
}

export function toBytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  throw new TypeError(`expected bytes in output, got ${typeof value}`);
}

export function encodeBase64(value: unknown): string {
  return toBytes(value).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Percent-encoding

/** decodeURIComponent that reports malformed input as a ValueError. */
export function percentDecode(text: string): string {
  if (text.indexOf('%') < 0) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ValueError('malformed percent-encoding');
  }
}

/** application/x-www-form-urlencoded component: `+` is a space. */
export function formDecode(text: string): string {
  return percentDecode(text.indexOf('+') < 0 ? text : text.replace(/\+/g, ' '));
}

/** The number of Unicode code points (Smithy's string length), not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// Dates as SigV4 writes them: ISO 8601 basic format (20260101T000000Z) in X-Amz-Date and the string
// to sign, YYYYMMDD in the credential scope.

/** Milliseconds since the epoch of a strict `YYYYMMDD'T'HHMMSS'Z'` date, or undefined. */
export function parseAmzDate(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 0x54 /* T */ || value.charCodeAt(15) !== 0x5a /* Z */) return undefined;
  for (let i = 0; i < 15; i++) {
    if (i === 8) continue;
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const year = +value.slice(0, 4);
  const month = +value.slice(4, 6);
  const day = +value.slice(6, 8);
  const hour = +value.slice(9, 11);
  const minute = +value.slice(11, 13);
  const second = +value.slice(13, 15);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20260230 over into March; a real date survives the round trip.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms;
}

/**
 * The date of a `Date` header: the ISO basic format, or an HTTP date (RFC 7231 IMF-fixdate and the
 * obsolete forms Date.parse understands) that names its zone.
 */
export function parseHttpDate(value: string): number | undefined {
  const basic = parseAmzDate(value);
  if (basic !== undefined) return basic;
  if (!/(GMT|UTC|Z|[+-]\d{4})\s*$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms - (ms % 1000) : undefined;
}

/** `YYYYMMDD'T'HHMMSS'Z'` of a time, to the second. */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `YYYY-MM-DD'T'HH:MM:SS'Z'`, as S3 writes times in error documents. */
export function formatIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// URI canonicalization for SigV4: the canonical URI and canonical query string of a request as it
// arrived on the wire (still percent-encoded). Everything is RFC 3986: every byte of the UTF-8 form is
// percent-encoded with upper-case hex except the unreserved characters A-Z a-z 0-9 - . _ ~.
//
// Clients encode the same bytes in different ways ('%7e' or '~', '%2f' or '%2F', '+' for a space in
// a query), so components are decoded to bytes and re-encoded. Components that are already in the
// canonical form (nearly all SDK traffic) are returned as they are, without allocating.

const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') UNRESERVED[c.charCodeAt(0)] = 1;

const HEX = '0123456789ABCDEF';

/** The value of an upper-case hex digit, or -1 (canonical escapes use upper case only). */
function upperHex(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/** The value of a hex digit of either case, or -1. */
function anyHex(code: number): number {
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return upperHex(code);
}

function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out += b < 128 && UNRESERVED[b] === 1 ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** Percent-encodes every byte of the UTF-8 form of `text` except the unreserved characters. */
export function uriEncode(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || UNRESERVED[c] === 0) return encodeBytes(Buffer.from(text, 'utf8'));
  }
  return text;
}

/** The bytes a percent-encoded component stands for. A '%' without two hex digits stands for itself. */
export function percentDecode(raw: string, plusIsSpace: boolean): Buffer {
  const out = Buffer.allocUnsafe(Buffer.byteLength(raw, 'utf8'));
  let length = 0;
  let i = 0;
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = anyHex(raw.charCodeAt(i + 1));
      const lo = anyHex(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[length++] = (hi << 4) | lo;
        i += 3;
        continue;
      }
    }
    if (c < 128) {
      out[length++] = plusIsSpace && c === 0x2b ? 0x20 : c;
      i++;
      continue;
    }
    // A run of non-ASCII characters (only in hand-built requests: Node's parser rejects raw
    // non-ASCII bytes in the request line) is taken as UTF-8.
    let end = i + 1;
    while (end < raw.length && raw.charCodeAt(end) >= 128) end++;
    length += out.write(raw.slice(i, end), length, 'utf8');
    i = end;
  }
  return out.subarray(0, length);
}

/** The canonical form of one percent-encoded URI component: its bytes, encoded per RFC 3986. */
export function recode(raw: string, plusIsSpace: boolean): string {
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 && UNRESERVED[c] === 1) continue;
    if (c === 0x25 && i + 2 < n) {
      const hi = upperHex(raw.charCodeAt(i + 1));
      const lo = upperHex(raw.charCodeAt(i + 2));
      const byte = (hi << 4) | lo;
      // Canonical only if the escape was needed: '%41' must become 'A'.
      if (hi >= 0 && lo >= 0 && !(byte < 128 && UNRESERVED[byte] === 1)) {
        i += 2;
        continue;
      }
    }
    return encodeBytes(percentDecode(raw, plusIsSpace));
  }
  return raw;
}

/** A percent-encoded component decoded to text (invalid UTF-8 becomes U+FFFD). */
export function decodeComponent(raw: string, plusIsSpace: boolean): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 || c >= 128 || (plusIsSpace && c === 0x2b)) return percentDecode(raw, plusIsSpace).toString('utf8');
  }
  return raw;
}

/**
 * The canonical URI of a request path as received.
 *
 * S3 signs the path as it is, encoded once: each segment is brought to the canonical encoding and
 * nothing else happens (empty segments, '.' and '..' are part of an object key).
 *
 * Every other service signs what the SDKs sign: the path they sent, with empty, '.' and '..'
 * segments removed (RFC 3986 section 5.2.4, plus consecutive slashes), then percent-encoded once more,
 * so an escape '%2F' in the path is signed as '%252F'.
 */
export function canonicalUri(path: string, s3: boolean): string {
  if (path === '' || path === '/') return '/';
  const segments = path.split('/');
  if (s3) {
    let out = recode(segments[0], false);
    for (let i = 1; i < segments.length; i++) out += '/' + recode(segments[i], false);
    return out.startsWith('/') ? out : '/' + out;
  }
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(uriEncode(segment));
  }
  if (kept.length === 0) return '/';
  return '/' + kept.join('/') + (path.endsWith('/') ? '/' : '');
}

/**
 * The canonical query string of a raw query: every parameter decoded and re-encoded, sorted by name
 * and then by value, `name=value` joined with '&' (a parameter without '=' has an empty value).
 * `omit` names a parameter left out (X-Amz-Signature of a presigned URL). A '+' is a space, as in
 * every form-encoded query.
 */
export function canonicalQuery(rawQuery: string, omit?: string): string {
  if (rawQuery === '') return '';
  const pairs: string[] = [];
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf('&', start);
    if (end < 0) end = rawQuery.length;
    if (end > start) {
      const eq = rawQuery.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      const name = recode(rawQuery.slice(start, hasValue ? eq : end), true);
      if (name !== omit) pairs.push(name, hasValue ? recode(rawQuery.slice(eq + 1, end), true) : '');
    }
    start = end + 1;
  }
  if (pairs.length === 2) return pairs[0] + '=' + pairs[1];
  const order: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) order.push(i);
  order.sort((a, b) => compare(pairs[a], pairs[b]) || compare(pairs[a + 1], pairs[b + 1]));
  let out = '';
  for (const i of order) out += (out === '' ? '' : '&') + pairs[i] + '=' + pairs[i + 1];
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Decoded values of the named query parameters (first occurrence), for reading X-Amz-* parameters. */
export function queryParams(rawQuery: string, names: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (rawQuery === '') return found;
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const name = decodeComponent(eq < 0 ? part : part.slice(0, eq), true);
    if (!names.includes(name) || found.has(name)) continue;
    found.set(name, eq < 0 ? '' : decodeComponent(part.slice(eq + 1), true));
  }
  return found;
}

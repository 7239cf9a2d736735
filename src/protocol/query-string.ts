// Query strings and application/x-www-form-urlencoded bodies: `a=1&b=x+y&c=%2F`. Both decode `+` as
// a space (the SDKs encode a literal plus as %2B). Malformed percent-encoding throws ValueError.
import { formDecode } from './values.js';

/** Parameters by name, each with every value it was given, in order. */
export type QueryParams = ReadonlyMap<string, readonly string[]>;

const EMPTY: QueryParams = new Map();

export function parseQueryString(raw: string): QueryParams {
  if (raw === '') return EMPTY;
  const params = new Map<string, string[]>();
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf('&', start);
    if (end < 0) end = raw.length;
    if (end > start) {
      const eq = raw.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      const key = formDecode(raw.slice(start, hasValue ? eq : end));
      const value = hasValue ? formDecode(raw.slice(eq + 1, end)) : '';
      const list = params.get(key);
      if (list) list.push(value);
      else params.set(key, [value]);
    }
    start = end + 1;
  }
  return params;
}

/** The first value of a parameter. */
export function firstParam(params: QueryParams, key: string): string | undefined {
  return params.get(key)?.[0];
}

// The HTTP bindings of the REST protocols (rest-json and rest-xml): members bound to path labels,
// query parameters, headers, prefixed header maps and the status code. The body (payload member or
// the remaining members) is each protocol's own business.
import { defineKey } from './json-shapes.js';
import type { Member, Shape } from './model.js';
import type { QueryParams } from './query-string.js';
import { ValueError, decodeBase64, encodeBase64, formatTimestamp, parseTimestampText } from './values.js';
import { readScalarText, scalarText } from './xml-shapes.js';

// ---------------------------------------------------------------------------------------------
// Reading a request

export interface HttpBindingSource {
  labels: Readonly<Record<string, string>> | undefined;
  query: QueryParams;
  headers: Readonly<Record<string, string>>;
  /** The literal query parts of the operation's URI (`?mode=x`): no member's, not even a query map's. */
  uriQuery: readonly (readonly [string, string | undefined])[];
}

/** Reads every member bound to the URI, query string or headers into `into`. */
export function readHttpBindings(shape: Shape, source: HttpBindingSource, into: Record<string, unknown>): void {
  let claimedQueryKeys: Set<string> | undefined;
  let queryMapMember: Member | undefined;
  for (const member of shape.members) {
    switch (member.location) {
      case 'uri': {
        const text = source.labels?.[member.locationName ?? member.name];
        if (text !== undefined) into[member.name] = readScalarText(member, text);
        break;
      }
      case 'querystring': {
        if (member.shape.type === 'map') {
          queryMapMember = member;
          break;
        }
        const key = member.locationName ?? member.name;
        (claimedQueryKeys ??= new Set()).add(key);
        const values = source.query.get(key);
        if (values === undefined) break;
        if (member.shape.type === 'list') {
          const item = member.shape.listMember!;
          into[member.name] = values.map((v) => readScalarText(item, v));
        } else {
          into[member.name] = readScalarText(member, values[0]);
        }
        break;
      }
      case 'header': {
        const text = source.headers[member.headerName!];
        if (text !== undefined) into[member.name] = readHeader(member, text);
        break;
      }
      case 'headers': {
        const map = readPrefixedHeaders(member, source.headers);
        if (map !== undefined) into[member.name] = map;
        break;
      }
      default:
        break;
    }
  }
  if (queryMapMember) {
    // A map bound to the query string takes every parameter no other member claims.
    const valueMember = queryMapMember.shape.mapValue!;
    const map: Record<string, unknown> = {};
    let any = false;
    for (const [key, values] of source.query) {
      if (claimedQueryKeys?.has(key) || source.uriQuery.some(([literal]) => literal === key)) continue;
      any = true;
      defineKey(
        map,
        key,
        valueMember.shape.type === 'list' ? values.map((v) => readScalarText(valueMember.shape.listMember!, v)) : values[0],
      );
    }
    if (any) into[queryMapMember.name] = map;
  }
}

function readHeader(member: Member, text: string): unknown {
  const shape = member.shape;
  if (shape.type === 'list') {
    const item = shape.listMember!;
    return splitHeaderList(text, item.shape.type === 'timestamp').map((v) => readHeaderScalar(item, v));
  }
  return readHeaderScalar(member, text);
}

function readHeaderScalar(member: Member, text: string): unknown {
  const shape = member.shape;
  if (shape.type === 'string' && member.jsonvalue) {
    try {
      return JSON.parse(decodeBase64(text.trim()).toString('utf8'));
    } catch (error) {
      if (error instanceof ValueError) throw error;
      throw new ValueError('invalid JSON value in header');
    }
  }
  if (shape.type === 'timestamp') return parseTimestampText(text);
  if (shape.type === 'string') return text;
  return readScalarText(member, text.trim());
}

function readPrefixedHeaders(member: Member, headers: Readonly<Record<string, string>>): Record<string, unknown> | undefined {
  const prefix = member.headerName!;
  const valueMember = member.shape.mapValue!;
  let map: Record<string, unknown> | undefined;
  for (const name in headers) {
    if (!name.startsWith(prefix)) continue;
    map ??= {};
    defineKey(map, name.slice(prefix.length), readHeaderScalar(valueMember, headers[name]));
  }
  return map;
}

/**
 * Splits a comma-separated header list. Values may be double-quoted to contain commas; an HTTP-date
 * list is split on every second comma because each date contains one ("Mon, 16 Dec 2019 ...").
 */
export function splitHeaderList(text: string, httpDates: boolean): string[] {
  if (httpDates) {
    const parts = text.split(',');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 2) out.push(`${parts[i]},${parts[i + 1] ?? ''}`.trim());
    return out;
  }
  const out: string[] = [];
  let i = 0;
  while (i <= text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      if (i >= text.length) throw new ValueError('unterminated quoted header value');
      i++;
      while (i < text.length && text[i] !== ',') i++;
      out.push(value);
    } else {
      let end = text.indexOf(',', i);
      if (end < 0) end = text.length;
      out.push(text.slice(i, end).trim());
      i = end;
    }
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing a response

/**
 * Writes the members of `output` bound to headers or the status code into `headers`; returns the
 * status a statusCode member sets, if any.
 */
export function writeHttpBindings(shape: Shape, output: Record<string, unknown>, headers: Record<string, string>): number | undefined {
  let status: number | undefined;
  for (const member of shape.members) {
    if (member.location === undefined) continue;
    const value = output[member.name];
    if (value === undefined || value === null) continue;
    switch (member.location) {
      case 'header': {
        const text = headerText(member, value);
        if (text !== undefined) headers[member.headerName!] = text;
        break;
      }
      case 'headers': {
        const valueMember = member.shape.mapValue!;
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
          if (v === undefined || v === null) continue;
          headers[`${member.headerName!}${key.toLowerCase()}`] = headerScalarText(valueMember, v);
        }
        break;
      }
      case 'statusCode':
        if (typeof value === 'number') status = value;
        break;
      default:
        break; // uri / querystring members are request-only
    }
  }
  return status;
}

function headerText(member: Member, value: unknown): string | undefined {
  if (member.shape.type === 'list') {
    if (!Array.isArray(value)) throw new TypeError(`${member.shape.name}: expected an array in output`);
    if (value.length === 0) return undefined;
    const item = member.shape.listMember!;
    return value
      .map((v) => {
        const text = headerScalarText(item, v);
        return item.shape.type !== 'timestamp' && /[",]/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
      })
      .join(', ');
  }
  return headerScalarText(member, value);
}

function headerScalarText(member: Member, value: unknown): string {
  const shape = member.shape;
  if (shape.type === 'string' && member.jsonvalue) return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
  if (shape.type === 'timestamp') return formatTimestamp(value, member.timestampFormat ?? 'rfc822');
  if (shape.type === 'blob') return encodeBase64(value);
  return scalarText(member, value);
}

// Shape-directed JSON: reading a parsed JSON document into Rampart's runtime values (Buffer for
// blobs, Date for timestamps), and writing runtime values as JSON text. Shared by the json (1.0/1.1)
// and rest-json protocols; both omit absent members, send blobs as base64 and timestamps as epoch
// seconds unless the model says otherwise.
import type { Member, Shape } from './model.js';
import { ValueError, decodeBase64, encodeBase64, fromEpochSeconds, isoString, numberText, parseTimestampText, toDate } from './values.js';

// Type names as AWS's JSON front end words them in SerializationException messages.
const TYPE_WORDS: Record<string, string> = {
  structure: 'a Structure',
  list: 'a List',
  map: 'a Map',
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  blob: 'a Blob',
  timestamp: 'a Timestamp',
};

function mismatch(shape: Shape, value: unknown): ValueError {
  if (Array.isArray(value)) return new ValueError('Start of list found where not expected');
  if (typeof value === 'object' && value !== null) return new ValueError('Start of structure or map found where not expected.');
  const token = typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : 'BOOLEAN_VALUE';
  return new ValueError(`${token} can not be converted to ${TYPE_WORDS[shape.type] ?? shape.type}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a structure's body members from a parsed JSON object. */
export function readJsonStructure(shape: Shape, value: unknown, into: Record<string, unknown> = {}): Record<string, unknown> {
  if (!isPlainObject(value)) throw mismatch(shape, value);
  if (shape.document) return value;
  const byJson = shape.bodyMemberByJsonName;
  for (const key in value) {
    const member = byJson.get(key);
    if (member === undefined) continue; // AWS ignores members it does not know
    const v = value[key];
    if (v === null || v === undefined) continue;
    into[member.name] = readJsonValue(member, v);
  }
  return into;
}

export function readJsonValue(member: Member, value: unknown): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return readJsonStructure(shape, value);
    case 'list': {
      if (!Array.isArray(value)) throw mismatch(shape, value);
      const item = shape.listMember!;
      const out: unknown[] = [];
      for (const v of value) if (v !== null) out.push(readJsonValue(item, v));
      return out;
    }
    case 'map': {
      if (!isPlainObject(value)) throw mismatch(shape, value);
      const valueMember = shape.mapValue!;
      const out: Record<string, unknown> = {};
      for (const key in value) {
        const v = value[key];
        if (v === null) continue;
        defineKey(out, key, readJsonValue(valueMember, v));
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw mismatch(shape, value);
      if (member.jsonvalue) return parseJsonValueText(value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(shape, value);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(shape, value);
      return value;
    case 'float':
    case 'double':
      if (typeof value === 'number') return value;
      if (value === 'NaN') return Number.NaN;
      if (value === 'Infinity') return Number.POSITIVE_INFINITY;
      if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
      throw mismatch(shape, value);
    case 'blob':
      if (typeof value !== 'string') throw mismatch(shape, value);
      return decodeBase64(value);
    case 'timestamp':
      if (typeof value === 'number') return fromEpochSeconds(value);
      if (typeof value === 'string') return parseTimestampText(value);
      throw mismatch(shape, value);
  }
}

/** A `jsonvalue` string member carries a JSON document as text. */
function parseJsonValueText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValueError('invalid JSON value');
  }
}

/** Map keys come from the client: `__proto__` must become an own property, not the prototype. */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The body members of a structure as a JSON object (`{}` when none is set). */
export function writeJsonStructure(shape: Shape, value: unknown, members: readonly Member[] = shape.members): string {
  if (shape.document) return JSON.stringify(value ?? {});
  if (!isPlainObject(value)) throw new TypeError(`${shape.name}: expected an object in output`);
  let out = '{';
  let first = true;
  for (const member of members) {
    const v = value[member.name];
    if (v === undefined || v === null) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(member.jsonName);
    out += ':';
    out += writeJsonValue(member, v);
  }
  return out + '}';
}

export function writeJsonValue(member: Member, value: unknown): string {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return writeJsonStructure(shape, value);
    case 'list': {
      if (!Array.isArray(value)) throw new TypeError(`${shape.name}: expected an array in output`);
      const item = shape.listMember!;
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) out += ',';
        out += value[i] === null || value[i] === undefined ? 'null' : writeJsonValue(item, value[i]);
      }
      return out + ']';
    }
    case 'map': {
      if (!isPlainObject(value)) throw new TypeError(`${shape.name}: expected an object in output`);
      const valueMember = shape.mapValue!;
      let out = '{';
      let first = true;
      for (const key in value) {
        const v = value[key];
        if (v === undefined || v === null) continue;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(key);
        out += ':';
        out += writeJsonValue(valueMember, v);
      }
      return out + '}';
    }
    case 'string':
      if (member.jsonvalue) return JSON.stringify(JSON.stringify(value));
      if (typeof value !== 'string') throw new TypeError(`${shape.name}: expected a string in output, got ${typeof value}`);
      return JSON.stringify(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`${shape.name}: expected a boolean in output, got ${typeof value}`);
      return value ? 'true' : 'false';
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw new TypeError(`${shape.name}: expected a number in output, got ${typeof value}`);
      return Number.isFinite(value) ? String(value) : `"${numberText(value)}"`;
    case 'blob':
      return `"${encodeBase64(value)}"`;
    case 'timestamp': {
      const format = member.timestampFormat ?? 'unixTimestamp';
      const date = toDate(value);
      if (format === 'unixTimestamp') return String(date.getTime() / 1000);
      return JSON.stringify(format === 'iso8601' ? isoString(date) : date.toUTCString());
    }
  }
}

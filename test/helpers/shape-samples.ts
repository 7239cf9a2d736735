// Seeded random values of a model shape that satisfy its constraints (lengths, ranges, enums,
// patterns), for round-tripping operations through the AWS SDKs. Values respect where they travel:
// header and path-label values stay within what HTTP carries, body strings include XML/JSON-hostile
// characters, timestamps have whole seconds (HTTP dates carry no more).
import type { Member, Shape } from '../../src/protocol/index.js';
import { codePointLength } from '../../src/protocol/values.js';
import { type Random, sampleRegex } from './regex-sampler.js';

export type Place = 'body' | 'header' | 'label' | 'query';

export interface SampleOptions {
  random: Random;
  direction: 'input' | 'output';
  /** Members to leave out (e.g. ones the SDK computes itself). */
  skip?: (member: Member, parent: Shape) => boolean;
  /** Overrides for particular members (e.g. S3 bucket names the SDK's endpoint rules accept). */
  override?: (member: Member, parent: Shape, random: Random) => unknown;
}

const MAX_DEPTH = 5;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SPICY = ['&', '<', '>', '"', "'", ' ', 'é', '✓', '=', '+', '/', '%', '?', '#', ';', ','];

export function sampleStructure(shape: Shape, options: SampleOptions, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (shape.union) {
    const candidates = shape.members.filter((m) => !options.skip?.(m, shape));
    if (candidates.length === 0) return out;
    const m = candidates[Math.floor(options.random() * candidates.length)];
    out[m.name] = sampleMember(m, shape, options, depth + 1);
    return out;
  }
  const optionalChance = depth >= MAX_DEPTH ? 0 : depth === 0 ? 0.75 : 0.55;
  for (const member of shape.members) {
    if (member.location === 'statusCode') continue;
    if (options.skip?.(member, shape)) continue;
    // Outputs always carry their payload: S3 answers an empty 200 body to CopyObject and friends only when it failed.
    const payload = options.direction === 'output' && shape.payload === member;
    const include = member.required || member.idempotencyToken || member.location === 'uri' || payload || options.random() < optionalChance;
    if (!include) continue;
    out[member.name] = sampleMember(member, shape, options, depth + 1);
  }
  // An empty structure cannot be told from an absent one in awsQuery or XML: give it one member.
  if (Object.keys(out).length === 0 && depth > 0) {
    const candidates = shape.members.filter((m) => m.location === undefined && !options.skip?.(m, shape));
    if (candidates.length > 0) {
      const m = candidates[Math.floor(options.random() * candidates.length)];
      out[m.name] = sampleMember(m, shape, options, depth + 1);
    }
  }
  return out;
}

function placeOf(member: Member): Place {
  switch (member.location) {
    case 'header':
    case 'headers':
      return 'header';
    case 'uri':
      return 'label';
    case 'querystring':
      return 'query';
    default:
      return 'body';
  }
}

function sampleMember(member: Member, parent: Shape, options: SampleOptions, depth: number): unknown {
  const overridden = options.override?.(member, parent, options.random);
  if (overridden !== undefined) return overridden;
  return sampleValue(member.shape, placeOf(member), options, depth, member);
}

export function sampleValue(shape: Shape, place: Place, options: SampleOptions, depth: number, member?: Member): unknown {
  const random = options.random;
  switch (shape.type) {
    case 'structure':
      return shape.document ? { doc: 'value' } : sampleStructure(shape, options, depth);
    case 'list': {
      const item = shape.listMember!;
      const count = collectionSize(shape, random, depth, place);
      const itemPlace = place === 'body' ? 'body' : place;
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) out.push(sampleValue(item.shape, itemPlace, options, depth + 1, item));
      return out;
    }
    case 'map': {
      const count = collectionSize(shape, random, depth, place);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < count * 3 && Object.keys(out).length < count; i++) {
        const key = sampleString(shape.mapKey!.shape, place === 'header' ? 'header-key' : 'body', random);
        out[key] = sampleValue(shape.mapValue!.shape, place, options, depth + 1, shape.mapValue);
      }
      return out;
    }
    case 'string':
      if (member?.jsonvalue) return { json: 'value', n: 1 };
      return sampleString(shape, place, random);
    case 'integer':
    case 'long': {
      const lo = shape.min ?? 0;
      const hi = Math.min(shape.max ?? lo + 1000, lo + 100000);
      return lo + Math.floor(random() * (hi - lo + 1));
    }
    case 'float':
    case 'double': {
      const lo = shape.min ?? 0;
      const hi = shape.max ?? lo + 100;
      return Math.min(hi, lo + Math.floor(random() * 2 * (hi - lo)) / 2);
    }
    case 'boolean':
      return random() < 0.5;
    case 'blob': {
      const lo = Math.max(shape.min ?? 1, 1);
      const hi = Math.max(lo, Math.min(shape.max ?? 24, lo + 24));
      const n = lo + Math.floor(random() * (hi - lo + 1));
      const bytes = Buffer.alloc(n);
      for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
      return bytes;
    }
    case 'timestamp':
      return new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 10 * 365 * 86400) * 1000);
  }
}

function collectionSize(shape: Shape, random: Random, depth: number, place: Place): number {
  const lo = shape.min ?? 0;
  // Outputs and headers always carry at least one item: an empty XML list or header is indistinguishable from none.
  const floor = Math.max(lo, 1);
  const hi = Math.max(floor, Math.min(shape.max ?? 3, depth >= MAX_DEPTH ? floor : 3));
  void place;
  return floor + Math.floor(random() * (hi - floor + 1));
}

export function sampleString(shape: Shape, place: Place | 'header-key', random: Random): string {
  if (shape.enumValues && shape.enumValues.length > 0) return shape.enumValues[Math.floor(random() * shape.enumValues.length)];
  const min = shape.min ?? (place === 'body' ? 0 : 1);
  const max = Math.max(min, shape.max ?? 64);
  const safe = (s: string) => place === 'body' || place === 'query' || /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(s);
  if (shape.regex) {
    for (let i = 0; i < 20; i++) {
      const s = sampleRegex(shape.regex.source, shape.regex, random, Math.max(min, place === 'body' ? 0 : 1), max, codePointLength);
      if (s !== undefined && safe(s) && !(place === 'header-key' && /[A-Z]/.test(s))) return s;
    }
    throw new Error(`cannot sample a string for ${shape.name} matching ${shape.pattern}`);
  }
  const target = Math.max(min, Math.min(max, Math.max(min, 1) + Math.floor(random() * 10)));
  let s = '';
  for (let i = 0; i < target; i++) {
    if (place === 'body' && i > 0 && i < target - 1 && random() < 0.15) s += SPICY[Math.floor(random() * SPICY.length)];
    else s += place === 'header-key' ? LOWER_ALNUM[Math.floor(random() * LOWER_ALNUM.length)] : ALNUM[Math.floor(random() * ALNUM.length)];
  }
  return s;
}

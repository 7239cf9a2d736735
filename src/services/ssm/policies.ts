// Parameter policies (Advanced tier): the JSON array PutParameter takes, validated as Parameter Store
// validates it, and when each policy falls due. Expiration deletes the parameter at its Timestamp;
// ExpirationNotification sends an event Before that; NoChangeNotification sends one when the
// parameter has not changed for After. Updating a parameter keeps its policies (and the expiration)
// unless the request sends new ones; the no-change timer counts from the newest version.
import { AwsError } from '../../errors.js';
import type { PolicyType, StoredPolicy } from './records.js';

export const MAX_POLICIES = 10;
const TYPES: readonly PolicyType[] = ['Expiration', 'ExpirationNotification', 'NoChangeNotification'];
const UNIT_MS = { Days: 86_400_000, Hours: 3_600_000 } as const;

const invalidType = (type: unknown) =>
  new AwsError(
    'InvalidPolicyTypeException',
    `The policy type ${typeof type === 'string' ? type : JSON.stringify(type) ?? 'null'} isn't supported. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification.`,
  );
const invalidAttribute = (message: string) => new AwsError('InvalidPolicyAttributeException', message);

export interface ParsedPolicy {
  type: PolicyType;
  text: string;
  /** Expiration: the time; notifications: the offset in ms. */
  timestamp?: number;
  offsetMs?: number;
}

// ISO_INSTANT (2018-12-02T21:34:33.000Z) or ISO_OFFSET_DATE_TIME (2019-11-01T22:13:48.87+10:30, seconds in the offset allowed).
const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2}(?::\d{2})?)$/;

function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value);
  if (!m) return undefined;
  let offset = m[2]!;
  let offsetSeconds = 0;
  if (offset !== 'Z' && offset.length > 6) {
    offsetSeconds = Number(offset.slice(7)) * (offset.startsWith('-') ? -1 : 1);
    offset = offset.slice(0, 6);
  }
  const fraction = /\.(\d+)/.exec(m[1]!)?.[1];
  const base = m[1]!.replace(/\.\d+$/, '') + (fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '');
  const ms = Date.parse(base + offset);
  return Number.isNaN(ms) ? undefined : ms - offsetSeconds * 1000;
}

function amount(value: unknown, name: string, policy: string): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < 1) {
    throw invalidAttribute(`The ${policy} policy attribute ${name} must be a positive whole number.`);
  }
  return Number(text);
}

function unitOf(value: unknown, policy: string): number {
  if (value !== 'Days' && value !== 'Hours') throw invalidAttribute(`The ${policy} policy attribute Unit must be Days or Hours.`);
  return UNIT_MS[value];
}

/** Parses and validates the Policies string; `now` rejects expirations in the past. */
export function parsePolicies(text: string, now: number): ParsedPolicy[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidAttribute('The policies are not valid JSON. Specify a JSON array of policies.');
  }
  if (!Array.isArray(value)) throw invalidAttribute('The policies must be a JSON array of policies.');
  if (value.length > MAX_POLICIES) {
    throw new AwsError('PoliciesLimitExceededException', `You specified more than the maximum number of allowed policies for the parameter. The maximum is ${MAX_POLICIES}.`);
  }
  const parsed: ParsedPolicy[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidAttribute('Each policy must be a JSON object with Type, Version and Attributes.');
    const policy = item as Record<string, unknown>;
    for (const key of Object.keys(policy)) {
      if (key !== 'Type' && key !== 'Version' && key !== 'Attributes') throw invalidAttribute(`The policy field ${key} isn't supported. A policy has Type, Version and Attributes.`);
    }
    const type = policy.Type;
    if (typeof type !== 'string' || !TYPES.includes(type as PolicyType)) throw invalidType(type);
    if (policy.Version !== '1.0') throw invalidAttribute(`The ${type} policy version ${JSON.stringify(policy.Version) ?? 'null'} isn't supported. Specify Version 1.0.`);
    const attributes = policy.Attributes;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw invalidAttribute(`The ${type} policy requires Attributes.`);
    const attrs = attributes as Record<string, unknown>;
    const allowed = type === 'Expiration' ? ['Timestamp'] : type === 'ExpirationNotification' ? ['Before', 'Unit'] : ['After', 'Unit'];
    for (const key of Object.keys(attrs)) {
      if (!allowed.includes(key)) throw invalidAttribute(`The ${type} policy attribute ${key} isn't supported. Valid attributes: ${allowed.join(', ')}.`);
    }
    const entry: ParsedPolicy = { type: type as PolicyType, text: JSON.stringify(policy) };
    if (type === 'Expiration') {
      const timestamp = parseTimestamp(attrs.Timestamp);
      if (timestamp === undefined) {
        throw invalidAttribute('The Expiration policy attribute Timestamp must be a date and time in the ISO_INSTANT or ISO_OFFSET_DATE_TIME format.');
      }
      if (timestamp <= now) throw invalidAttribute('The Expiration policy Timestamp must be later than the current time.');
      entry.timestamp = timestamp;
    } else {
      const name = type === 'ExpirationNotification' ? 'Before' : 'After';
      entry.offsetMs = amount(attrs[name], name, type) * unitOf(attrs.Unit, type);
    }
    parsed.push(entry);
  }
  const expirations = parsed.filter((p) => p.type === 'Expiration').length;
  if (expirations > 1) {
    throw new AwsError(
      'IncompatiblePolicyException',
      "There is a conflict in the policies specified for this parameter. You can't, for example, specify two Expiration policies for a parameter. Review your policies, and try again.",
    );
  }
  if (expirations === 0 && parsed.some((p) => p.type === 'ExpirationNotification')) {
    throw new AwsError(
      'IncompatiblePolicyException',
      'There is a conflict in the policies specified for this parameter. An ExpirationNotification policy requires an Expiration policy. Review your policies, and try again.',
    );
  }
  return parsed;
}

/** The stored policies of a version written at `modifiedAt`, all Pending. */
export function storedPolicies(parsed: readonly ParsedPolicy[], modifiedAt: number): StoredPolicy[] {
  const expiration = parsed.find((p) => p.type === 'Expiration')?.timestamp;
  return parsed.map((p) => ({
    type: p.type,
    text: p.text,
    status: 'Pending' as const,
    dueAt: p.type === 'Expiration' ? p.timestamp! : p.type === 'ExpirationNotification' ? expiration! - p.offsetMs! : modifiedAt + p.offsetMs!,
  }));
}

/**
 * The policies a new version carries when the request sends none: the same policies, with the
 * no-change timer restarted from this version (an update is a change) and the others as they were.
 */
export function carriedPolicies(previous: readonly StoredPolicy[], modifiedAt: number): StoredPolicy[] {
  return previous.map((policy) => {
    if (policy.type !== 'NoChangeNotification') return { ...policy };
    const offset = offsetOf(policy);
    return { ...policy, status: 'Pending' as const, dueAt: modifiedAt + offset };
  });
}

function offsetOf(policy: StoredPolicy): number {
  const attrs = (JSON.parse(policy.text) as { Attributes: Record<string, unknown> }).Attributes;
  const name = policy.type === 'ExpirationNotification' ? 'Before' : 'After';
  return Number(attrs[name]) * UNIT_MS[attrs.Unit as keyof typeof UNIT_MS];
}

/** When the next pending policy falls due, if any. */
export function nextDue(policies: readonly StoredPolicy[]): number | undefined {
  const pending = policies.filter((p) => p.status === 'Pending').map((p) => p.dueAt);
  return pending.length > 0 ? Math.min(...pending) : undefined;
}

/** The action an event names for each policy type. */
export const POLICY_ACTIONS: Readonly<Record<PolicyType, string>> = {
  Expiration: 'Expired',
  ExpirationNotification: 'ExpirationNotification',
  NoChangeNotification: 'NoChangeNotification',
};

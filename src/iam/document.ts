// The policy grammar: JSON text (or an already parsed object) into a normalized document, or the first
// grammar failure. Normalized means: Statement is always a list, Action/Resource/... are lists of
// strings, condition values are lists of strings (JSON numbers and booleans as their text), and the
// Principal element keeps its shape for the kind-specific checks that follow.
import type { Failure } from './messages.js';
import type { PolicyInput } from './types.js';

export type PrincipalElement = '*' | Readonly<Record<string, readonly string[]>>;

export interface PolicyStatement {
  /** Position in the policy (names the statement in explanations when it has no Sid). */
  readonly index: number;
  readonly sid?: string;
  /** As written; the grammar accepts any case, IAM's legacy parser then insists on Allow / Deny. */
  readonly effect: string;
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  /** The Principal element as written, when its shape is not a valid principal (reported by kind). */
  readonly malformedPrincipal?: string;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly version?: string;
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

/** Thrown inside the parser to stop at the first failure; parsePolicy words it. */
export class PolicyFailure {
  constructor(readonly failure: Failure) {}
}

const fail = (failure: Failure): never => {
  throw new PolicyFailure(failure);
};
const syntax = () => fail({ reason: 'syntax' });

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
export const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON value of a document, or the grammar failure for text that is not JSON. */
export function readJson(input: PolicyInput): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    return fail({ reason: 'invalidJson', detail: input.trimStart().startsWith('{') ? undefined : 'first-byte' });
  }
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return syntax();
}

function conditionValues(value: unknown): string[] {
  const scalar = (v: unknown): string =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : syntax();
  return Array.isArray(value) ? value.map(scalar) : [scalar(value)];
}

function principalElement(value: unknown): PrincipalElement | undefined {
  if (value === '*') return '*';
  if (!isObject(value)) return undefined;
  const out: Record<string, string[]> = {};
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined;
  for (const [type, ids] of entries) {
    if (!PRINCIPAL_TYPES.has(type)) return undefined;
    if (typeof ids === 'string') out[type] = [ids];
    else if (Array.isArray(ids) && ids.length > 0 && ids.every((v) => typeof v === 'string')) out[type] = ids as string[];
    else return undefined;
  }
  return out;
}

function statement(raw: unknown, index: number, isKnownOperator: (name: string) => boolean): PolicyStatement {
  if (!isObject(raw)) return syntax();
  for (const key of Object.keys(raw)) if (!STATEMENT_ELEMENTS.has(key)) fail({ reason: 'unknownField', detail: key });
  for (const element of ['Principal', 'Action', 'Resource']) {
    if (raw[element] !== undefined && raw[`Not${element}`] !== undefined) fail({ reason: 'duplicateElement', detail: element });
  }
  const out: { -readonly [K in keyof PolicyStatement]: PolicyStatement[K] } = { index, effect: '' };
  if (raw.Effect === undefined) fail({ reason: 'missingEffect' });
  if (typeof raw.Effect !== 'string' || !['allow', 'deny'].includes(raw.Effect.toLowerCase())) {
    fail({ reason: 'invalidEffect', detail: String(raw.Effect) });
  }
  out.effect = raw.Effect as string;
  if (raw.Sid !== undefined) out.sid = typeof raw.Sid === 'string' ? raw.Sid : syntax();
  if (raw.Action !== undefined) out.action = stringList(raw.Action);
  if (raw.NotAction !== undefined) out.notAction = stringList(raw.NotAction);
  if (raw.Resource !== undefined) out.resource = stringList(raw.Resource);
  if (raw.NotResource !== undefined) out.notResource = stringList(raw.NotResource);
  for (const element of ['Principal', 'NotPrincipal'] as const) {
    if (raw[element] === undefined) continue;
    const parsed = principalElement(raw[element]);
    if (parsed === undefined) out.malformedPrincipal = JSON.stringify(raw[element]);
    else if (element === 'Principal') out.principal = parsed;
    else out.notPrincipal = parsed;
  }
  if (raw.Condition !== undefined) {
    if (!isObject(raw.Condition)) return syntax();
    const condition: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(raw.Condition)) {
      if (!isObject(block)) return syntax();
      const keys: Record<string, string[]> = {};
      for (const [key, values] of Object.entries(block)) keys[key] = conditionValues(values);
      if (!isKnownOperator(operator)) {
        // An unknown operator is harmless while it names no key.
        if (Object.keys(keys).length > 0) fail({ reason: 'unknownConditionOperator', detail: operator });
        continue;
      }
      condition[operator] = keys;
    }
    out.condition = condition;
  }
  return out;
}

/** The normalized document, or a PolicyFailure for the first grammar error. */
export function readDocument(input: PolicyInput, isKnownOperator: (name: string) => boolean): PolicyDocument {
  const root = readJson(input);
  if (!isObject(root)) return syntax();
  for (const key of Object.keys(root)) if (!TOP_LEVEL.has(key)) fail({ reason: 'unknownField', detail: key });
  if (root.Version !== undefined && (typeof root.Version !== 'string' || !VERSIONS.has(root.Version))) {
    fail({ reason: 'invalidVersion', detail: String(root.Version) });
  }
  if (root.Id !== undefined && typeof root.Id !== 'string') syntax();
  if (root.Statement === undefined) fail({ reason: 'missingStatement' });
  const list = Array.isArray(root.Statement) ? root.Statement : isObject(root.Statement) ? [root.Statement] : syntax();
  if (list.length === 0) fail({ reason: 'emptyStatement' });
  return {
    version: root.Version as string | undefined,
    id: root.Id as string | undefined,
    statements: list.map((raw, index) => statement(raw, index, isKnownOperator)),
  };
}

// Parsing policies: once, then evaluated many times. `parsePolicy` is for documents being written (it
// applies every check the receiving service applies, with its wording); `compiledPolicy` is for
// documents being evaluated, which were checked when written: it needs only the grammar, and remembers
// compiled policies by document text (and by document object) in a bounded cache.
import { isKnownOperator } from './conditions/condition.js';
import { type PolicyDocument, PolicyFailure, readDocument } from './document.js';
import { PolicyValidationError } from './errors.js';
import { type PolicyKind, dialectOf, failureMessage } from './messages.js';
import { CompiledPolicy } from './policy.js';
import type { PolicyInput } from './types.js';
import { validateDocument } from './validate.js';

export interface ParseOptions {
  kind: PolicyKind;
  /** Whose wording a refusal uses for resource policies: 'kms' for key policies, otherwise S3's. */
  service?: string;
  /** Size limit; defaults to the kind's AWS limit (see DEFAULT_MAX_SIZE). */
  maxSize?: number;
}

/**
 * AWS's size limits: IAM managed policies and boundaries 6,144 characters and role trust policies
 * 2,048 (whitespace not counted); session policies 2,048 characters; SCPs and RCPs 5,120 characters;
 * resource policies 20 KB (S3, Secrets Manager); KMS key policies 32 KB.
 */
export const DEFAULT_MAX_SIZE: Readonly<Record<PolicyKind, number>> = {
  identity: 6144,
  boundary: 6144,
  trust: 2048,
  session: 2048,
  scp: 5120,
  rcp: 5120,
  resource: 20480,
};
const KMS_KEY_POLICY_MAX_SIZE = 32768;

function policySize(text: string, kind: PolicyKind, service: string | undefined): number {
  switch (dialectOf(kind, service)) {
    case 'iam':
      return kind === 'session' ? text.length : text.replace(/\s+/g, '').length;
    case 'organizations':
      return text.length;
    default:
      return Buffer.byteLength(text, 'utf8');
  }
}

// ---- the compiled-policy cache --------------------------------------------------------------------

const MAX_CACHED = 4096;
// Keyed by the document text itself (not a derived string), so a document string seen before is found
// by the hash V8 keeps on it; one map per kind, bounded together.
const byText = new Map<PolicyKind, Map<string, CompiledPolicy>>();
let cachedTexts = 0;
const byObject = new WeakMap<object, Map<PolicyKind, CompiledPolicy>>();

function compile(document: PolicyDocument, kind: PolicyKind): CompiledPolicy {
  return new CompiledPolicy(document, kind);
}

function readGrammar(input: PolicyInput): PolicyDocument {
  return readDocument(input, isKnownOperator);
}

function refuse(error: unknown, kind: PolicyKind, service: string | undefined): never {
  if (error instanceof PolicyFailure) {
    throw new PolicyValidationError(failureMessage(error.failure, kind, dialectOf(kind, service)), error.failure.reason, kind);
  }
  throw error;
}

/**
 * The compiled form of a stored policy, for evaluation. Only the grammar is checked (the document was
 * validated when written); a document that is not a policy at all throws PolicyValidationError.
 */
export function compiledPolicy(input: PolicyInput, kind: PolicyKind): CompiledPolicy {
  if (typeof input !== 'string') {
    let perKind = byObject.get(input);
    let found = perKind?.get(kind);
    if (found === undefined) {
      try {
        found = compile(readGrammar(input), kind);
      } catch (error) {
        refuse(error, kind, undefined);
      }
      if (perKind === undefined) byObject.set(input, (perKind = new Map()));
      perKind.set(kind, found);
    }
    return found;
  }
  let perKind = byText.get(kind);
  let found = perKind?.get(input);
  if (found === undefined) {
    try {
      found = compile(readGrammar(input), kind);
    } catch (error) {
      refuse(error, kind, undefined);
    }
    if (perKind === undefined) byText.set(kind, (perKind = new Map()));
    // Bounded: when full, forget the oldest entries of this kind (Maps keep insertion order).
    if (cachedTexts >= MAX_CACHED) {
      const oldest = perKind.keys().next();
      if (!oldest.done) perKind.delete(oldest.value);
      else clearPolicyCache();
      cachedTexts = [...byText.values()].reduce((n, m) => n + m.size, 0);
    }
    perKind.set(input, found);
    cachedTexts++;
  }
  return found;
}

/**
 * Parses and validates a policy document as the service receiving it would, throwing
 * PolicyValidationError with AWS's message for the first problem. The result can be evaluated.
 */
export function parsePolicy(input: PolicyInput, options: ParseOptions): CompiledPolicy {
  const { kind, service } = options;
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  const limit = options.maxSize ?? (kind === 'resource' && service === 'kms' ? KMS_KEY_POLICY_MAX_SIZE : DEFAULT_MAX_SIZE[kind]);
  if (policySize(text, kind, service) > limit) {
    throw new PolicyValidationError(failureMessage({ reason: 'tooLarge', detail: String(limit) }, kind, dialectOf(kind, service)), 'tooLarge', kind);
  }
  try {
    validateDocument(readGrammar(input), { kind, dialect: dialectOf(kind, service) });
  } catch (error) {
    refuse(error, kind, service);
  }
  return compiledPolicy(input, kind);
}

/** Forgets every compiled policy (tests, and memory pressure). */
export function clearPolicyCache(): void {
  byText.clear();
  cachedTexts = 0;
}

// Differential test: seeded random cases through Rampart's evaluator and through
// @cloud-copilot/iam-simulate, an independent implementation of AWS's evaluation logic, used only here
// (it is AGPL: a test-only dependency, never imported by shipped code). Where the two legitimately
// disagree, the case is listed in DISAGREEMENTS with the AWS behaviour that explains it; the test fails
// on any other disagreement, and on a listed case that no longer disagrees.
import { allowedContextKeysForRequest, isConditionKeyArray, runSimulation, typeForContextKey, type Simulation } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedCase, generateCases } from '../../test/iam/policy-cases.js';
import { evaluate } from './evaluate.js';
import type { ContextValue, Decision, EvaluationRequest, EvaluationResult } from './types.js';

const CASES = 1000;
const SEED = 20240615;

// Why cases disagree: AWS's documented behaviour that the oracle does not model (or gets wrong).
const ZERO_PREFIX =
  'IpAddress with 0.0.0.0/0 matches every IPv4 address; the oracle computes the /0 mask as `-1 << 32`, which JavaScript ' +
  'evaluates as `-1 << 0` (a /32 mask), so for it 0.0.0.0/0 matches only 0.0.0.0.';
const EPOCH_SECONDS =
  'Date operators read an integer policy value as epoch (UNIX) time in seconds, as the IAM User Guide specifies; the ' +
  'oracle reads it as milliseconds, so "1717200000" is 2024-06-01 for Rampart (and AWS) but January 1970 for it.';
const SESSION_ARN_NOT_LIMITED_BY_SESSION_POLICY =
  'Within one account, a resource-based policy that names the role session ARN is not limited by session policies ' +
  '(IAM User Guide, "Session policies": the resource-based permissions are added after the session is created); the ' +
  'oracle limits every path by the session policy.';
const WILDCARD_PRINCIPAL_IS_DIRECT =
  'A resource-based policy with Principal "*" names every caller, the session itself included, so as with the ' +
  'session ARN its permissions are not limited by session policies (the oracle already treats "*" this way for ' +
  'permissions boundaries, but limits every path by the session policy).';
const NOT_PRINCIPAL_NEEDS_ACCOUNT =
  'A Deny with NotPrincipal spares a caller only when all of its identities are listed: "When you use NotPrincipal ' +
  'with Deny, you must also specify the account ARN of the not-denied principal. Otherwise, the policy might deny ' +
  'access to the entire account containing the principal" (IAM User Guide, NotPrincipal). The oracle spares the ' +
  'caller when its own ARN alone is listed.';

/** Every case on which the two disagree, with the reason. */
const DISAGREEMENTS: Record<string, string> = {
  'case-0222': ZERO_PREFIX,
  'case-0261': EPOCH_SECONDS,
  'case-0389': WILDCARD_PRINCIPAL_IS_DIRECT,
  'case-0684': WILDCARD_PRINCIPAL_IS_DIRECT,
  'case-0735': SESSION_ARN_NOT_LIMITED_BY_SESSION_POLICY,
  'case-0977': NOT_PRINCIPAL_NEEDS_ACCOUNT,
};

type Normalized = Record<string, string | string[]>;

/** The context the oracle evaluates (it drops keys that do not apply to the action and types the rest); Rampart gets the same. */
async function normalizeContext(c: GeneratedCase): Promise<Normalized> {
  const [service, action] = c.action.split(':');
  const allowed = new Set(await allowedContextKeysForRequest(service, action, c.resource, false, undefined));
  const out: Normalized = {};
  for (const [key, value] of Object.entries(c.context)) {
    const lower = key.toLowerCase();
    const prefix = lower.includes('/') ? lower.slice(0, lower.indexOf('/') + 1) : undefined;
    const applies = allowed.has(lower) || (prefix !== undefined && [...allowed].some((k) => k.startsWith(prefix)));
    if (!applies) continue;
    const type = await typeForContextKey(lower);
    out[key] = isConditionKeyArray(type) ? [value].flat() : Array.isArray(value) ? value[0] : value;
  }
  return out;
}

async function oracleDecision(c: GeneratedCase, context: Normalized): Promise<Decision | string> {
  const simulation: Simulation = {
    request: {
      principal: c.oraclePrincipal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccountId },
      contextVariables: context,
    },
    // The root user is allowed by identity; the oracle models that as an allow-everything identity policy.
    identityPolicies:
      c.principal.kind === 'Root'
        ? [{ name: 'root', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]
        : c.identityPolicies,
    serviceControlPolicies: c.serviceControlPolicies.map((policies, level) => ({ orgIdentifier: `ou-${level}`, policies })),
    resourceControlPolicies: c.resourceControlPolicies.map((policies, level) => ({ orgIdentifier: `ou-${level}`, policies })),
  };
  if (c.resourcePolicy) simulation.resourcePolicy = c.resourcePolicy;
  if (c.permissionsBoundary) simulation.permissionBoundaryPolicies = [{ name: 'boundary', policy: c.permissionsBoundary }];
  if (c.sessionPolicy) simulation.sessionPolicy = c.sessionPolicy;
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') return `error: ${JSON.stringify(result.errors)}`;
  return { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' }[result.overallResult] as Decision;
}

function rampartRequest(c: GeneratedCase, context: Normalized): EvaluationRequest {
  const request: EvaluationRequest = {
    principal: c.principal,
    action: c.action,
    resource: c.resource,
    resourceAccountId: c.resourceAccountId,
    identityPolicies: c.identityPolicies.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })),
    context: context as Record<string, ContextValue>,
  };
  if (c.resourcePolicyRequired) request.resourcePolicyRequired = true;
  if (c.resourcePolicy) request.resourcePolicy = { id: 'resource-policy', document: JSON.stringify(c.resourcePolicy) };
  if (c.permissionsBoundary) request.permissionsBoundary = { id: 'boundary', document: JSON.stringify(c.permissionsBoundary) };
  if (c.sessionPolicy) request.sessionPolicies = [{ id: 'session', document: JSON.stringify(c.sessionPolicy) }];
  if (c.serviceControlPolicies.length) {
    request.serviceControlPolicies = c.serviceControlPolicies.map((level) => level.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })));
  }
  if (c.resourceControlPolicies.length) {
    request.resourceControlPolicies = c.resourceControlPolicies.map((level) => level.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })));
  }
  return request;
}

interface Outcome {
  c: GeneratedCase;
  context: Normalized;
  result: EvaluationResult;
  rampart: Decision;
  oracle: Decision | string;
}

describe('differential: Rampart evaluator vs @cloud-copilot/iam-simulate', () => {
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    for (const c of generateCases(CASES, SEED)) {
      const context = await normalizeContext(c);
      const result = evaluate(rampartRequest(c, context));
      outcomes.push({ c, context, result, rampart: result.decision, oracle: await oracleDecision(c, context) });
    }
  }, 120_000);

  it('runs every case through both (the oracle accepts every generated policy)', () => {
    expect(outcomes).toHaveLength(CASES);
    const errors = outcomes.filter((o) => o.oracle.startsWith('error'));
    expect(errors.map((o) => `${o.c.id}: ${o.oracle}`)).toEqual([]);
  });

  it('covers every decision and every deciding policy type, same- and cross-account', () => {
    const tally = new Map<string, number>();
    for (const o of outcomes) {
      const cross = o.c.principal.accountId !== o.c.resourceAccountId ? 'cross-account' : 'same-account';
      const kms = o.c.resourcePolicyRequired ? ' key-policy' : '';
      const label = `${o.result.decision}${o.result.deniedBy ? ` (${o.result.deniedBy})` : ''} ${cross}${kms}`;
      tally.set(label, (tally.get(label) ?? 0) + 1);
    }
    console.log([...tally].sort().map(([label, n]) => `${String(n).padStart(4)} ${label}`).join('\n'));
    const some = (prefix: string) => [...tally].some(([label, n]) => label.startsWith(prefix) && n > 0);
    for (const decision of ['Allow', 'ExplicitDeny', 'ImplicitDeny']) {
      expect(outcomes.filter((o) => o.result.decision === decision).length).toBeGreaterThan(CASES / 10);
    }
    for (const type of ['service control policy', 'resource control policy', 'resource-based policy', 'identity-based policy', 'permissions boundary', 'session policy']) {
      expect(some(`ExplicitDeny (${type})`), `explicit deny by ${type}`).toBe(true);
    }
    for (const type of ['service control policy', 'resource-based policy', 'identity-based policy', 'permissions boundary', 'session policy']) {
      expect(some(`ImplicitDeny (${type})`), `implicit deny by ${type}`).toBe(true);
    }
    expect(some('Allow cross-account key-policy')).toBe(true);
    expect(some('Allow same-account key-policy')).toBe(true);
    expect(some('Allow cross-account')).toBe(true);
  });

  it('agrees with the oracle on every case not listed (and every listed case still disagrees)', () => {
    const disagreements = outcomes.filter((o) => o.rampart !== o.oracle);
    const report = disagreements.map((o) => `${o.c.id}: rampart ${o.rampart}, oracle ${o.oracle}`);
    const unexplained = disagreements.filter((o) => !(o.c.id in DISAGREEMENTS));
    if (unexplained.length > 0) {
      console.log(JSON.stringify(unexplained.slice(0, 5).map((o) => ({ ...o.c, context: o.context, rampart: o.rampart, oracle: o.oracle })), null, 1));
    }
    expect(unexplained.map((o) => `${o.c.id}: rampart ${o.rampart}, oracle ${o.oracle}`)).toEqual([]);
    const stale = Object.keys(DISAGREEMENTS).filter((id) => !report.some((line) => line.startsWith(`${id}:`)));
    expect(stale).toEqual([]);
    console.log(`differential: ${outcomes.length - disagreements.length}/${outcomes.length} agree; ${disagreements.length} listed disagreements`);
  });
});

// AWS's policy evaluation logic, as the IAM User Guide's "Policy evaluation logic" describes it:
//   1. an explicit Deny in any applicable policy decides;
//   2. every level of the principal's SCPs must allow (RCPs only deny: RCPFullAWSAccess, which allows
//      everything, is attached to every level and cannot be detached);
//   3. within one account, a resource-based policy that names the caller allows on its own: naming the
//      user or the role session (or everyone) is not limited by the identity side at all, naming the
//      session's role is still limited by its permissions boundary and session policies, naming the
//      account delegates to the account's identity policies;
//   4. otherwise the identity side must allow: an identity-based policy, intersected with the
//      permissions boundary and every session policy;
//   5. across accounts both sides must allow: the resource policy (naming the caller or its account)
//      and the identity side;
//   6. a resource whose policy alone decides (a KMS key) counts identity policies only where its policy
//      names the account; a service grant (a KMS grant) allows like a statement naming the caller.
// The account's root user is allowed by identity (subject to SCPs, denies and such resource policies).
// Service principals and anonymous callers have no identity side: only a resource policy can allow them.
import { splitArn } from './arn.js';
import { ContextLookup } from './context.js';
import type { PolicyKind } from './messages.js';
import { compiledPolicy } from './parse.js';
import { ACCOUNT_MATCH, DIRECT_MATCH, NO_MATCH, type PrincipalMatch, ROLE_MATCH, matchPrincipal, notPrincipalApplies } from './principal.js';
import type { RequestResource } from './statement.js';
import type { DecidingPolicyType, EvaluationPrincipal, EvaluationRequest, EvaluationResult, MatchedStatement, NamedPolicy } from './types.js';

/** What one request needs while its policies are scanned. */
interface Scan {
  readonly action: string;
  readonly resource: RequestResource;
  readonly lookup: ContextLookup;
  readonly caller: EvaluationPrincipal;
  readonly hasBoundary: boolean;
  readonly matched: MatchedStatement[];
}

/** A policy's verdict on the request: whether a Deny applies, and how specifically an Allow names the caller. */
interface Verdict {
  deny: boolean;
  /** NO_MATCH: no Allow applies. Identity-side policies allow with DIRECT_MATCH. */
  allow: PrincipalMatch;
}

const RESOURCE_SIDE = new Set<PolicyKind>(['resource', 'rcp']);

function scanPolicy(named: NamedPolicy, kind: PolicyKind, scan: Scan): Verdict {
  // Cached by document text; V8 keeps a string's hash, so a document string seen before costs one lookup.
  const policy = compiledPolicy(named.document, kind);
  const verdict: Verdict = { deny: false, allow: NO_MATCH };
  const namesPrincipal = RESOURCE_SIDE.has(kind);
  for (const statement of policy.statementsFor(scan.action)) {
    if (!statement.matchesResource(scan.resource, scan.lookup)) continue;
    let principal: PrincipalMatch = DIRECT_MATCH;
    if (namesPrincipal) {
      const element = statement.principal;
      if (element === undefined) principal = NO_MATCH;
      else if (element.negated) principal = notPrincipalApplies(element.set, scan.caller, statement.effect, scan.hasBoundary) ? DIRECT_MATCH : NO_MATCH;
      else principal = matchPrincipal(element.set, scan.caller);
      if (principal === NO_MATCH) continue;
    }
    if (statement.condition !== undefined && !statement.condition(scan.lookup)) continue;
    scan.matched.push({ policyId: named.id, statement: statement.id, effect: statement.effect });
    if (statement.effect === 'Deny') verdict.deny = true;
    else if (principal > verdict.allow) verdict.allow = principal;
  }
  return verdict;
}

/** The combined verdict of a set of policies of which any may allow (identity policies). */
function scanAny(policies: readonly NamedPolicy[], kind: PolicyKind, scan: Scan): { allow: boolean; denyingPolicy: string | undefined } {
  let allow = false;
  let denyingPolicy: string | undefined;
  for (const named of policies) {
    const verdict = scanPolicy(named, kind, scan);
    if (verdict.deny) denyingPolicy ??= named.id;
    if (verdict.allow !== NO_MATCH) allow = true;
  }
  return { allow, denyingPolicy };
}

/** Policies that must each allow (session policies), or levels each of which must allow (SCPs, RCPs). */
function scanEvery(groups: readonly (readonly NamedPolicy[])[], kind: PolicyKind, scan: Scan): { allow: boolean; denyingPolicy: string | undefined } {
  let allow = true;
  let denyingPolicy: string | undefined;
  for (const group of groups) {
    const level = scanAny(group, kind, scan);
    denyingPolicy ??= level.denyingPolicy;
    if (!level.allow) allow = false;
  }
  return { allow, denyingPolicy };
}

const NO_POLICIES = { allow: true, denyingPolicy: undefined };

function denied(decision: 'ExplicitDeny' | 'ImplicitDeny', deniedBy: DecidingPolicyType, matched: MatchedStatement[], denyingPolicyId?: string): EvaluationResult {
  const result: EvaluationResult = { decision, deniedBy, matchedStatements: matched };
  if (denyingPolicyId !== undefined) result.denyingPolicyId = denyingPolicyId;
  return result;
}

export function evaluate(request: EvaluationRequest): EvaluationResult {
  const caller = request.principal;
  const matched: MatchedStatement[] = [];
  const scan: Scan = {
    action: request.action.toLowerCase(),
    resource: { text: request.resource, arn: splitArn(request.resource) },
    lookup: new ContextLookup(request.context),
    caller,
    hasBoundary: request.permissionsBoundary !== undefined,
    matched,
  };
  // Callers without an identity side: no identity policies, boundaries, session policies or SCPs apply.
  const hasIdentitySide = caller.kind !== 'AWSService' && caller.kind !== 'Anonymous';

  const rcps = request.resourceControlPolicies?.length ? scanEvery(request.resourceControlPolicies, 'rcp', scan) : NO_POLICIES;
  const scps = hasIdentitySide && request.serviceControlPolicies?.length ? scanEvery(request.serviceControlPolicies, 'scp', scan) : NO_POLICIES;
  const resource = request.resourcePolicy ? scanPolicy(request.resourcePolicy, 'resource', scan) : { deny: false, allow: NO_MATCH };
  const identity = hasIdentitySide ? scanAny(request.identityPolicies, 'identity', scan) : { allow: false, denyingPolicy: undefined };
  const boundary = hasIdentitySide && request.permissionsBoundary ? scanAny([request.permissionsBoundary], 'boundary', scan) : NO_POLICIES;
  const sessions = hasIdentitySide && request.sessionPolicies?.length ? scanEvery(request.sessionPolicies.map((p) => [p]), 'session', scan) : NO_POLICIES;

  // 1. Explicit denies, reported in the order AWS's evaluation flow meets them.
  if (rcps.denyingPolicy !== undefined) return denied('ExplicitDeny', 'resource control policy', matched, rcps.denyingPolicy);
  if (scps.denyingPolicy !== undefined) return denied('ExplicitDeny', 'service control policy', matched, scps.denyingPolicy);
  if (resource.deny) return denied('ExplicitDeny', 'resource-based policy', matched, request.resourcePolicy!.id);
  if (identity.denyingPolicy !== undefined) return denied('ExplicitDeny', 'identity-based policy', matched, identity.denyingPolicy);
  if (boundary.denyingPolicy !== undefined) return denied('ExplicitDeny', 'permissions boundary', matched, boundary.denyingPolicy);
  if (sessions.denyingPolicy !== undefined) return denied('ExplicitDeny', 'session policy', matched, sessions.denyingPolicy);

  // 2. Organization guardrails: every SCP level must allow. RCPs only deny: AWS attaches
  // RCPFullAWSAccess to every level and it cannot be detached, so a missing allow never decides.
  if (!scps.allow) return denied('ImplicitDeny', 'service control policy', matched);

  // 3-6. The resource side and the identity side.
  const grant = request.serviceGrantAllows === true;
  if (!hasIdentitySide) {
    return resource.allow === DIRECT_MATCH || grant ? allowed(matched) : denied('ImplicitDeny', 'resource-based policy', matched);
  }
  const identitySide = (caller.kind === 'Root' || identity.allow) && boundary.allow && sessions.allow;
  const sameAccount = caller.accountId === request.resourceAccountId;

  if (sameAccount) {
    // Named directly: not limited by the identity side. Named by role: still limited by the boundary
    // and session policies. Named by account: the identity side decides (below).
    if (resource.allow === DIRECT_MATCH || grant) return allowed(matched);
    if (resource.allow === ROLE_MATCH && boundary.allow && sessions.allow) return allowed(matched);
    const identityCounts = !request.resourcePolicyRequired || resource.allow >= ACCOUNT_MATCH;
    if (identityCounts && identitySide) return allowed(matched);
    if (!identityCounts) return denied('ImplicitDeny', 'resource-based policy', matched);
    if (resource.allow === ROLE_MATCH) return denied('ImplicitDeny', boundary.allow ? 'session policy' : 'permissions boundary', matched);
    return denied('ImplicitDeny', identityShortfall(caller, identity.allow, boundary.allow), matched);
  }

  // Across accounts the resource's account must let the caller in (a grant alone does), and the
  // caller's own account must let it out.
  if (grant) return allowed(matched);
  if (resource.allow === NO_MATCH) return denied('ImplicitDeny', 'resource-based policy', matched);
  if (identitySide) return allowed(matched);
  return denied('ImplicitDeny', identityShortfall(caller, identity.allow, boundary.allow), matched);
}

/** Which part of the identity side failed to allow. */
function identityShortfall(caller: EvaluationPrincipal, identityAllows: boolean, boundaryAllows: boolean): DecidingPolicyType {
  if (caller.kind !== 'Root' && !identityAllows) return 'identity-based policy';
  if (!boundaryAllows) return 'permissions boundary';
  return 'session policy';
}

function allowed(matched: MatchedStatement[]): EvaluationResult {
  return { decision: 'Allow', matchedStatements: matched };
}

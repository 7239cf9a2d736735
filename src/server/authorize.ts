// The pipeline's authorize stage: an operation's authorization entry (src/services/<id>/authorization.ts)
// says which actions on which resources the request needs; this module gathers what the IAM evaluator
// needs for each (the caller's policies, the resource's policy, the organization's SCPs and RCPs, the
// request context) and turns a denial into AWS's AccessDenied with AWS's wording.
import { AwsError } from '../errors.js';
import { globalContext, type GlobalContextInput } from '../iam/index.js';
import type { ContextValue, EvaluationPrincipal, EvaluationRequest, EvaluationResult, NamedPolicy } from '../iam/types.js';
import type { Principal } from '../identity/principal.js';
import type { AuthorizationCheck } from '../services/authorization.js';
import type { StoreReader } from '../storage/types.js';

export type Evaluate = (request: EvaluationRequest) => EvaluationResult;

/** The caller's identity-side policies; IAM (users, groups, roles, boundaries, sessions) provides them. */
export interface IdentityPolicySource {
  policiesOf(principal: Principal, reader: StoreReader): Promise<{
    identityPolicies: NamedPolicy[];
    permissionsBoundary?: NamedPolicy;
    sessionPolicies?: NamedPolicy[];
    tags?: Readonly<Record<string, string>>;
  }>;
}

/**
 * The organization's guardrails for a request; Organizations provides them. Asked once per request, it
 * reads the caller's account's place in its organization; the answer gives the caller's SCPs and the
 * aws:PrincipalOrgID / aws:PrincipalOrgPaths keys, and the RCPs of the account owning each resource.
 */
export interface OrganizationPolicySource {
  forRequest(principal: Principal, reader: StoreReader): Promise<OrganizationGuardrails>;
}

export interface OrganizationGuardrails {
  organizationId?: string;
  organizationPaths?: readonly string[];
  /** One list per level, root first; undefined where SCPs do not apply (no organization, the management account). */
  serviceControlPolicies?: readonly (readonly NamedPolicy[])[];
  /** The RCPs that apply to a check's resource, one list per level; undefined where none apply. */
  resourceControlPolicies(check: AuthorizationCheck): Promise<readonly (readonly NamedPolicy[])[] | undefined>;
}

export interface RequestFacts {
  principal: Principal;
  region: string;
  now: number;
  sourceIp: string;
  secure: boolean;
  userAgent: string | undefined;
}

export interface Authorizer {
  /** Throws AccessDenied (in the service's protocol) unless every check is allowed. */
  authorize(checks: readonly AuthorizationCheck[], facts: RequestFacts, reader: StoreReader): Promise<void>;
}

function evaluationPrincipal(principal: Principal): EvaluationPrincipal {
  const base = { arn: principal.arn, accountId: principal.accountId };
  switch (principal.type) {
    case 'Root':
      return { kind: 'Root', ...base };
    case 'IAMUser':
      return { kind: 'IAMUser', ...base };
    case 'AssumedRole': {
      // Policies name a role by its ARN with its path, which the assumed-role ARN lacks.
      const [, partition, , , account, resource] = principal.arn.split(':');
      const roleArn = principal.session?.roleArn ?? `arn:${partition}:iam::${account}:role/${resource.split('/')[1]}`;
      return { kind: 'AssumedRole', ...base, roleArn };
    }
    case 'FederatedUser':
      return { kind: 'FederatedUser', ...base };
  }
}

/** The global condition keys (aws:...) of a request, built the one way the evaluator's helper does. */
function requestContext(
  facts: RequestFacts,
  principal: EvaluationPrincipal,
  tags: Readonly<Record<string, string>> | undefined,
  organization: OrganizationGuardrails | undefined,
) {
  const session = facts.principal.session;
  const input: GlobalContextInput = {
    principal,
    principalId: facts.principal.principalId,
    now: facts.now,
    sourceIp: facts.sourceIp,
    secureTransport: facts.secure,
    requestedRegion: facts.region,
    temporaryCredentials: facts.principal.temporary,
  };
  if (facts.principal.userName !== undefined) input.userName = facts.principal.userName;
  if (tags) input.principalTags = tags;
  if (organization?.organizationId !== undefined) input.organizationId = organization.organizationId;
  if (organization?.organizationPaths !== undefined) input.organizationPaths = organization.organizationPaths;
  if (facts.userAgent !== undefined) input.userAgent = facts.userAgent;
  if (session) {
    input.tokenIssueTime = session.issuedAt;
    input.multiFactorAuthenticated = session.mfaAuthenticatedAt !== undefined;
    if (session.mfaAuthenticatedAt !== undefined) {
      input.multiFactorAuthAgeSeconds = Math.max(0, Math.floor((facts.now - session.mfaAuthenticatedAt) / 1000));
    }
    if (session.sourceIdentity !== undefined) input.sourceIdentity = session.sourceIdentity;
  }
  return globalContext(input);
}

/** AWS's AccessDenied wording: the caller, the action, the resource, and which policy type decided. */
function denialMessage(facts: RequestFacts, check: AuthorizationCheck, result: EvaluationResult): string {
  const deniedBy = result.deniedBy ?? 'identity-based policy';
  const article = /^[aeiou]/.test(deniedBy) ? 'an' : 'a';
  const why =
    result.decision === 'ExplicitDeny'
      ? `with an explicit deny in ${article} ${deniedBy}${result.denyingPolicyId?.startsWith('arn:') ? `: ${result.denyingPolicyId}` : ''}`
      : `because no ${deniedBy} allows the ${check.action} action`;
  const on = check.resource.arn === '*' ? '' : ` on resource: ${check.resource.arn}`;
  return `User: ${facts.principal.arn} is not authorized to perform: ${check.action}${on} ${why}`;
}

export function createAuthorizer(evaluate: Evaluate, identities: IdentityPolicySource, organizations?: OrganizationPolicySource): Authorizer {
  return {
    async authorize(checks, facts, reader) {
      if (checks.length === 0) return;
      const identity = await identities.policiesOf(facts.principal, reader);
      const organization = await organizations?.forRequest(facts.principal, reader);
      const principal = evaluationPrincipal(facts.principal);
      const global = requestContext(facts, principal, identity.tags, organization);
      for (const check of checks) {
        const context: Record<string, ContextValue | undefined> = { ...global, ...check.resource.context, ...check.context };
        for (const [key, value] of Object.entries(check.resource.tags ?? {})) context[`aws:ResourceTag/${key}`] = value;
        const request: EvaluationRequest = {
          principal,
          action: check.action,
          resource: check.resource.arn,
          resourceAccountId: check.resource.accountId || facts.principal.accountId,
          identityPolicies: identity.identityPolicies,
          context,
        };
        if (check.resource.policy) request.resourcePolicy = check.resource.policy;
        if (check.resource.policyRequired) request.resourcePolicyRequired = true;
        if (check.resource.grantAllows) request.serviceGrantAllows = true;
        if (identity.permissionsBoundary) request.permissionsBoundary = identity.permissionsBoundary;
        if (identity.sessionPolicies) request.sessionPolicies = identity.sessionPolicies;
        if (organization?.serviceControlPolicies) request.serviceControlPolicies = organization.serviceControlPolicies;
        const rcps = await organization?.resourceControlPolicies(check);
        if (rcps) request.resourceControlPolicies = rcps;
        const result = evaluate(request);
        if (result.decision !== 'Allow') throw new AwsError('AccessDenied', denialMessage(facts, check, result));
      }
    },
  };
}

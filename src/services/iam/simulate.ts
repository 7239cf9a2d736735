// The policy simulator: SimulatePrincipalPolicy (a user's, group's or role's own policies, plus any
// given) and SimulateCustomPolicy (only the given policies), decided by the same evaluator that decides
// real requests, for every action and resource asked about.
import type {
  ContextEntry,
  EvaluationResult,
  PolicyEvaluationDecisionType,
  PolicySourceType,
  SimulateCustomPolicyRequest,
  SimulatePolicyResponse,
  SimulatePrincipalPolicyRequest,
  Statement,
} from '../../generated/iam/types.js';
import type { ContextValue, Decision, EvaluationPrincipal, EvaluationRequest, NamedPolicy } from '../../iam/types.js';
import type { Evaluate } from '../../server/authorize.js';
import type { HandlerContext } from '../types.js';
import { parseIamArn, roleArn as roleArnOf, userArn } from './arns.js';
import { invalidInput } from './errors.js';
import { parsedDocument } from './identity-policy-source.js';
import { findManagedPolicy } from './managed-policies.js';
import { pageFields, paginate } from './pagination.js';
import { statementSpans } from './policy-positions.js';
import { validatePolicyDocument } from './policy-validation.js';
import { loadGroup, loadRole, loadUser, findGroup, type PrincipalEntity } from './records.js';

interface SourcePolicy {
  named: NamedPolicy;
  sourceId: string;
  sourceType: PolicySourceType;
  text: string;
}

const DECISION: Record<Decision, PolicyEvaluationDecisionType> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };

function source(id: string, sourceId: string, sourceType: PolicySourceType, text: string): SourcePolicy {
  return { named: { id, document: parsedDocument(text) }, sourceId, sourceType, text };
}

function inputPolicies(list: readonly string[] | undefined, name: string, kind: 'identity' | 'resource'): SourcePolicy[] {
  return (list ?? []).map((text, i) => {
    validatePolicyDocument(text, kind === 'identity' ? 'identity' : 'resource', { maxSize: Number.MAX_SAFE_INTEGER });
    return source(`${name}.${i + 1}`, `${name}.${i + 1}`, 'none', text);
  });
}

async function entityPolicies(ctx: HandlerContext, kind: 'user' | 'group' | 'role', entity: PrincipalEntity, name: string): Promise<SourcePolicy[]> {
  const policies: SourcePolicy[] = [];
  for (const [policyName, text] of Object.entries(entity.inlinePolicies)) {
    policies.push(source(`${kind}/${name}/inline/${policyName}`, policyName, kind, text));
  }
  for (const arn of entity.attachedPolicies) {
    const policy = await findManagedPolicy(ctx.tx, ctx.accountId, arn);
    if (policy) policies.push(source(arn, policy.name, policy.aws ? 'aws-managed' : 'user-managed', policy.document));
  }
  return policies;
}

function contextValue(entry: ContextEntry): ContextValue | undefined {
  const values = entry.ContextKeyValues ?? [];
  const type = entry.ContextKeyType ?? 'string';
  if (type.endsWith('List')) return values;
  const [value] = values;
  if (value === undefined) return undefined;
  switch (type) {
    case 'numeric':
      return Number(value);
    case 'boolean':
      return value.toLowerCase() === 'true';
    case 'date':
      return new Date(/^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value));
    case 'binary':
      return Buffer.from(value, 'base64');
    default:
      return value;
  }
}

/** IAM's wildcard match (* and ?), without regard to case. */
function wildcard(pattern: string, value: string): boolean {
  const regex = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return regex.test(value);
}

/** Condition keys of statements that apply to `action` and that the caller gave no value for. */
function missingContextKeys(policies: readonly SourcePolicy[], action: string, given: ReadonlySet<string>): string[] {
  const missing = new Set<string>();
  for (const policy of policies) {
    const document = policy.named.document as Record<string, unknown>;
    const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as Record<string, unknown>[];
    for (const statement of statements) {
      const actions = statement.Action ?? statement.NotAction;
      const list = typeof actions === 'string' ? [actions] : ((actions as string[]) ?? []);
      const matches = list.some((a) => wildcard(a, action));
      if ((statement.Action !== undefined) !== matches) continue;
      for (const block of Object.values((statement.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
        for (const key of Object.keys(block)) if (!given.has(key.toLowerCase())) missing.add(key);
      }
    }
  }
  return [...missing];
}

function matchedStatements(policies: readonly SourcePolicy[], matched: readonly { policyId: string; statement: string }[]): Statement[] {
  const out: Statement[] = [];
  for (const match of matched) {
    const policy = policies.find((p) => p.named.id === match.policyId);
    if (!policy) continue;
    const document = policy.named.document as Record<string, unknown>;
    const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as Record<string, unknown>[];
    let index = statements.findIndex((s) => s.Sid !== undefined && s.Sid === match.statement);
    if (index < 0 && /^\d+$/.test(match.statement)) index = Number(match.statement);
    const span = statementSpans(policy.text)[index];
    const statement: Statement = { SourcePolicyId: policy.sourceId, SourcePolicyType: policy.sourceType };
    if (span) {
      statement.StartPosition = span.start;
      statement.EndPosition = span.end;
    }
    out.push(statement);
  }
  return out;
}

interface Simulation {
  principal: EvaluationPrincipal;
  identity: SourcePolicy[];
  boundary?: SourcePolicy;
  resourcePolicy?: SourcePolicy;
  resourceOwner: string;
}

function run(
  evaluate: Evaluate,
  sim: Simulation,
  input: Pick<SimulateCustomPolicyRequest, 'ActionNames' | 'ResourceArns' | 'ContextEntries' | 'Marker' | 'MaxItems'>,
): SimulatePolicyResponse {
  const context: Record<string, ContextValue | undefined> = {};
  for (const entry of input.ContextEntries ?? []) if (entry.ContextKeyName) context[entry.ContextKeyName] = contextValue(entry);
  const given = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const resources = input.ResourceArns?.length ? input.ResourceArns : ['*'];
  const all = [...sim.identity, ...(sim.boundary ? [sim.boundary] : []), ...(sim.resourcePolicy ? [sim.resourcePolicy] : [])];
  const results: { key: string; result: EvaluationResult }[] = [];
  input.ActionNames.forEach((action, a) => {
    resources.forEach((resource, r) => {
      const request: EvaluationRequest = {
        principal: sim.principal,
        action,
        resource,
        resourceAccountId: sim.resourceOwner,
        identityPolicies: sim.identity.map((p) => p.named),
        context,
      };
      if (sim.boundary) request.permissionsBoundary = sim.boundary.named;
      if (sim.resourcePolicy) request.resourcePolicy = sim.resourcePolicy.named;
      const decision = evaluate(request);
      const result: EvaluationResult = {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISION[decision.decision],
        MatchedStatements: matchedStatements(all, decision.matchedStatements),
        MissingContextValues: missingContextKeys(all, action, given),
      };
      if (sim.boundary) {
        const bounded = evaluate({ ...request, identityPolicies: [sim.boundary.named], permissionsBoundary: undefined, resourcePolicy: undefined });
        result.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: bounded.decision === 'Allow' };
      }
      if (sim.resourcePolicy) {
        // Per policy type, as AWS details cross-account and resource-policy simulations.
        const iamOnly = evaluate({ ...request, resourcePolicy: undefined, resourceAccountId: sim.principal.accountId });
        const resourceOnly = evaluate({ ...request, identityPolicies: [], permissionsBoundary: undefined });
        result.EvalDecisionDetails = { 'IAM Policy': DECISION[iamOnly.decision], 'Resource Policy': DECISION[resourceOnly.decision] };
      }
      results.push({ key: `${String(a).padStart(5, '0')}/${String(r).padStart(5, '0')}`, result });
    });
  });
  const page = paginate(results, (x) => x.key, input.Marker, input.MaxItems);
  return { EvaluationResults: page.items.map((x) => x.result), ...pageFields(page) };
}

function ownerOf(resourceOwner: string | undefined, fallback: string): string {
  if (!resourceOwner) return fallback;
  const match = /^(?:arn:aws[a-z-]*:iam::)?(\d{12})(?::root)?$/.exec(resourceOwner);
  if (!match) throw invalidInput(`Invalid ResourceOwner: ${resourceOwner}`);
  return match[1];
}

function resourcePolicyOf(text: string | undefined): SourcePolicy | undefined {
  if (text === undefined) return undefined;
  validatePolicyDocument(text, 'resource', { maxSize: Number.MAX_SAFE_INTEGER });
  return source('ResourcePolicy', 'ResourcePolicy', 'resource', text);
}

function boundaryOf(list: readonly string[] | undefined): SourcePolicy | undefined {
  if (!list?.length) return undefined;
  if (list.length > 1) throw invalidInput('Only one permissions boundary policy may be provided.');
  return inputPolicies(list, 'PermissionsBoundaryPolicyInputList', 'identity')[0];
}

export function simulatorHandlers(evaluate: Evaluate) {
  async function SimulatePrincipalPolicy(input: SimulatePrincipalPolicyRequest, ctx: HandlerContext): Promise<SimulatePolicyResponse> {
    const parsed = parseIamArn(input.PolicySourceArn);
    if (!parsed || !['user', 'group', 'role'].includes(parsed.type)) throw invalidInput(`Invalid ARN: ${input.PolicySourceArn}`);
    if (parsed.accountId !== ctx.accountId) throw invalidInput(`Invalid ARN: ${input.PolicySourceArn}`);
    const identity: SourcePolicy[] = [];
    let boundaryArn: string | undefined;
    let principal: EvaluationPrincipal;
    if (parsed.type === 'user') {
      const user = await loadUser(ctx.tx, ctx.accountId, parsed.name);
      identity.push(...(await entityPolicies(ctx, 'user', user, user.userName)));
      for (const groupName of user.groups) {
        const group = await findGroup(ctx.tx, ctx.accountId, groupName);
        if (group) identity.push(...(await entityPolicies(ctx, 'group', group, group.groupName)));
      }
      boundaryArn = user.permissionsBoundary;
      principal = { kind: 'IAMUser', arn: userArn(ctx.partition, ctx.accountId, user.path, user.userName), accountId: ctx.accountId };
    } else if (parsed.type === 'group') {
      const group = await loadGroup(ctx.tx, ctx.accountId, parsed.name);
      identity.push(...(await entityPolicies(ctx, 'group', group, group.groupName)));
      principal = { kind: 'IAMUser', arn: input.CallerArn ?? input.PolicySourceArn, accountId: ctx.accountId };
    } else {
      const role = await loadRole(ctx.tx, ctx.accountId, parsed.name);
      identity.push(...(await entityPolicies(ctx, 'role', role, role.roleName)));
      boundaryArn = role.permissionsBoundary;
      const arn = roleArnOf(ctx.partition, ctx.accountId, role.path, role.roleName);
      principal = { kind: 'AssumedRole', arn, roleArn: arn, accountId: ctx.accountId };
    }
    identity.push(...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity'));
    let boundary = boundaryOf(input.PermissionsBoundaryPolicyInputList);
    if (!boundary && boundaryArn) {
      const policy = await findManagedPolicy(ctx.tx, ctx.accountId, boundaryArn);
      if (policy) boundary = source(boundaryArn, policy.name, policy.aws ? 'aws-managed' : 'user-managed', policy.document);
    }
    const sim: Simulation = { principal, identity, resourceOwner: ownerOf(input.ResourceOwner, ctx.accountId) };
    if (boundary) sim.boundary = boundary;
    const resourcePolicy = resourcePolicyOf(input.ResourcePolicy);
    if (resourcePolicy) sim.resourcePolicy = resourcePolicy;
    return run(evaluate, sim, input);
  }

  async function SimulateCustomPolicy(input: SimulateCustomPolicyRequest, ctx: HandlerContext): Promise<SimulatePolicyResponse> {
    const identity = inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity');
    const callerArn = input.CallerArn ?? userArn(ctx.partition, ctx.accountId, '/', 'SimulatedUser');
    const parsed = parseIamArn(callerArn);
    const principal: EvaluationPrincipal =
      parsed?.type === 'role'
        ? { kind: 'AssumedRole', arn: callerArn, roleArn: callerArn, accountId: parsed.accountId }
        : { kind: 'IAMUser', arn: callerArn, accountId: parsed?.accountId ?? ctx.accountId };
    const sim: Simulation = { principal, identity, resourceOwner: ownerOf(input.ResourceOwner, ctx.accountId) };
    const boundary = boundaryOf(input.PermissionsBoundaryPolicyInputList);
    if (boundary) sim.boundary = boundary;
    const resourcePolicy = resourcePolicyOf(input.ResourcePolicy);
    if (resourcePolicy) sim.resourcePolicy = resourcePolicy;
    return run(evaluate, sim, input);
  }

  return { SimulatePrincipalPolicy, SimulateCustomPolicy };
}

// AssumeRole. Its authorization entry does what decides whether the call may happen: it finds the role
// (in whichever account the ARN names), checks an MFA code, and asks for sts:AssumeRole on the role with
// the role's trust policy as the resource policy (so the trust policy and, where it trusts an account,
// the caller's own identity policies decide, across accounts too), plus sts:TagSession when tags are
// passed and sts:SetSourceIdentity when a source identity is. The handler then issues the session.
import type { Keyring } from '../../crypto/keyring.js';
import { AwsError } from '../../errors.js';
import type { AssumeRoleRequest, AssumeRoleResponse } from '../../generated/sts/types.js';
import type { ContextValue } from '../../iam/types.js';
import type { SessionRecord } from '../../identity/access-keys.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { parseIamArn, roleArn as buildRoleArn } from '../iam/arns.js';
import { findManagedPolicy } from '../iam/managed-policies.js';
import { validatePolicyDocument } from '../iam/policy-validation.js';
import { findRole, isoNow, saveRole, type RoleRecord } from '../iam/records.js';
import { callerSession, mfaContext } from './caller-session.js';
import type { TemporaryCredentials } from './credentials.js';
import { verifyRequestMfa } from './mfa-code.js';
import { sessionTags, type SessionTags } from './session-tags.js';

/** Role chaining (a role session assuming a role) is limited to one hour. */
export const CHAINED_MAX_SECONDS = 3600;
const ROLE_LAST_USED_GRANULARITY_MS = 3600_000;

interface Loaded {
  role: RoleRecord | undefined;
  roleAccountId: string;
  roleArn: string;
  tags: SessionTags;
  caller: SessionRecord | undefined;
  mfa: boolean;
}

const validation = (message: string) => new AwsError('Validation', message);

export function assumeRoleAuthorization(keyring: Keyring) {
  return async (input: AssumeRoleRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const { principal } = ctx;
    const parsed = parseIamArn(input.RoleArn);
    if (!parsed || parsed.type !== 'role' || parsed.accountId === 'aws') throw validation(`${input.RoleArn} is invalid`);
    if (principal.type === 'Root') throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.');

    const mfa = await verifyRequestMfa(ctx.tx, keyring, principal, input.SerialNumber, input.TokenCode, ctx.now);
    const caller = await callerSession(ctx.tx, principal);
    const tags = sessionTags(input.Tags, input.TransitiveTagKeys, caller?.tags ? { tags: caller.tags, transitive: caller.transitiveTagKeys ?? [] } : undefined);

    const stored = await findRole(ctx.tx, parsed.accountId, parsed.name);
    // A role is named by its path too: an ARN with another path names no role.
    const role = stored && stored.path === parsed.path ? stored : undefined;
    const roleArn = role ? buildRoleArn(parsed.partition, parsed.accountId, role.path, role.roleName) : input.RoleArn;

    const context: Record<string, ContextValue | undefined> = {
      ...mfaContext(principal, caller, ctx.now, mfa),
      'sts:RoleSessionName': input.RoleSessionName,
    };
    if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
    const sourceIdentity = input.SourceIdentity ?? caller?.sourceIdentity;
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    if (input.Tags?.length) {
      context['aws:TagKeys'] = input.Tags.map((t) => t.Key);
      for (const tag of input.Tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    }
    if (input.TransitiveTagKeys?.length) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
    const roleTags: Record<string, string> = {};
    for (const tag of role?.tags ?? []) {
      roleTags[tag.Key] = tag.Value;
      context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
    }

    const loaded: Loaded = { role, roleAccountId: parsed.accountId, roleArn, tags, caller, mfa };
    const resource = {
      arn: roleArn,
      accountId: parsed.accountId,
      // Trust policies alone let principals in: the caller's identity policies count only where the
      // trust policy trusts the caller's account. A missing role has no trust policy and trusts no one.
      policyRequired: true,
      tags: roleTags,
      loaded,
      ...(role ? { policy: { id: `${roleArn}/trust-policy`, document: role.assumeRolePolicyDocument } } : {}),
    };
    const checks: AuthorizationCheck[] = [{ action: 'sts:AssumeRole', resource, context }];
    if (input.Tags?.length || input.TransitiveTagKeys?.length) checks.push({ action: 'sts:TagSession', resource, context });
    if (input.SourceIdentity !== undefined) checks.push({ action: 'sts:SetSourceIdentity', resource, context });
    return checks;
  };
}

/** PackedPolicySize: the session policies and tags as a percentage of the space a session has for them. */
function packedPolicySize(policy: string | undefined, policyArns: readonly string[], tags: Record<string, string>): number {
  const policyChars = policy === undefined ? 0 : policy.replace(/\s+/g, '').length;
  const arnChars = policyArns.reduce((sum, arn) => sum + arn.length, 0);
  const tagChars = Object.entries(tags).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  return Math.ceil(((policyChars + arnChars) / 2048 + tagChars / 2048) * 100);
}

export function assumeRoleHandler(credentials: TemporaryCredentials) {
  return async function AssumeRole(input: AssumeRoleRequest, ctx: HandlerContext): Promise<AssumeRoleResponse> {
    const loaded = ctx.checks[0].resource.loaded as Loaded;
    const { role, roleAccountId, roleArn, tags, caller } = loaded;
    const denied = `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`;
    if (!role) throw new AwsError('AccessDenied', denied);

    const chained = ctx.principal.type === 'AssumedRole';
    const duration = input.DurationSeconds ?? 3600;
    if (chained && duration > CHAINED_MAX_SECONDS) {
      throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > role.maxSessionDuration) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

    if (input.Policy !== undefined) validatePolicyDocument(input.Policy, 'session');
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? '');
    for (const arn of policyArns) {
      // Managed session policies come from the role's account or AWS.
      if (!(await findManagedPolicy(ctx.tx, roleAccountId, arn))) throw validation(`Policy ${arn} does not exist or is not attachable.`);
    }
    const packed = packedPolicySize(input.Policy, policyArns, tags.tags);
    if (packed > 100) {
      throw new AwsError('PackedPolicyTooLargeException', `Packed size of consumed sessions policies and session tags exceeds the limit (${packed}% of the allowed size).`);
    }
    const sourceIdentity = caller?.sourceIdentity ?? input.SourceIdentity;
    if (caller?.sourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== caller.sourceIdentity) {
      throw new AwsError('AccessDenied', 'The source identity of a session cannot be changed once it is set.');
    }

    const session: SessionRecord = { issuedAt: ctx.now, roleArn };
    const mfaAt = loaded.mfa ? ctx.now : caller?.mfaAuthenticatedAt;
    if (mfaAt !== undefined) session.mfaAuthenticatedAt = mfaAt;
    if (sourceIdentity !== undefined) session.sourceIdentity = sourceIdentity;
    if (input.Policy !== undefined) session.policy = input.Policy;
    if (policyArns.length) session.policyArns = policyArns;
    if (Object.keys(tags.tags).length) session.tags = tags.tags;
    if (tags.transitive.length) session.transitiveTagKeys = tags.transitive;
    if (chained) session.chained = true;

    const issued = await credentials.issue(ctx.tx, {
      accountId: roleAccountId,
      owner: { type: 'AssumedRole', roleName: role.roleName, roleId: role.roleId, sessionName: input.RoleSessionName, path: role.path },
      now: ctx.now,
      durationSeconds: duration,
      session,
    });
    // RoleLastUsed at hour granularity: busy roles are not rewritten on every AssumeRole.
    const last = role.lastUsed;
    if (!last || last.region !== ctx.region || ctx.now - Date.parse(last.date) >= ROLE_LAST_USED_GRANULARITY_MS) {
      role.lastUsed = { date: isoNow(ctx.now), region: ctx.region };
      saveRole(ctx.tx, roleAccountId, role);
    }

    const response: AssumeRoleResponse = {
      Credentials: issued,
      AssumedRoleUser: {
        AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`,
        Arn: `arn:${ctx.partition}:sts::${roleAccountId}:assumed-role/${role.roleName}/${input.RoleSessionName}`,
      },
    };
    if (input.Policy !== undefined || policyArns.length || Object.keys(tags.tags).length) response.PackedPolicySize = packed;
    if (sourceIdentity !== undefined) response.SourceIdentity = sourceIdentity;
    return response;
  };
}

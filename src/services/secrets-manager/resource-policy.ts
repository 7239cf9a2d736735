// PutResourcePolicy (refusing a public policy when BlockPublicPolicy is set), GetResourcePolicy,
// DeleteResourcePolicy and ValidateResourcePolicy. The policy is enforced by the pipeline on every
// call: each secret check carries it (conditions.ts).
import type {
  DeleteResourcePolicyRequest,
  DeleteResourcePolicyResponse,
  GetResourcePolicyRequest,
  GetResourcePolicyResponse,
  PutResourcePolicyRequest,
  PutResourcePolicyResponse,
  ValidateResourcePolicyRequest,
  ValidateResourcePolicyResponse,
} from '../../generated/secrets-manager/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { existing, live, resolveFor, writable } from './common.js';
import { checkedSecret, secretCheck, starCheck } from './conditions.js';
import type { SmDeps } from './deps.js';
import { grantsPublicAccess, publicPolicyRefused, validatePolicy, validationFindings } from './policy.js';
import { saveSecret } from './records.js';
import { syncReplicas } from './replication.js';

export async function authorizePutResourcePolicy(input: PutResourcePolicyRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:PutResourcePolicy', await resolveFor(ctx, input.SecretId), { 'secretsmanager:BlockPublicPolicy': input.BlockPublicPolicy ?? false })];
}

export async function PutResourcePolicy(input: PutResourcePolicyRequest, ctx: HandlerContext, deps: SmDeps): Promise<PutResourcePolicyResponse> {
  const loaded = writable(checkedSecret(ctx));
  validatePolicy(input.ResourcePolicy);
  if (input.BlockPublicPolicy && grantsPublicAccess(input.ResourcePolicy)) throw publicPolicyRefused();
  loaded.record.policy = input.ResourcePolicy;
  loaded.record.lastChangedAt = ctx.now;
  await syncReplicas(deps, ctx.tx, loaded.record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return { ARN: loaded.record.arn, Name: loaded.record.name };
}

export async function authorizeGetResourcePolicy(input: GetResourcePolicyRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:GetResourcePolicy', await resolveFor(ctx, input.SecretId))];
}

export function GetResourcePolicy(_input: GetResourcePolicyRequest, ctx: HandlerContext): GetResourcePolicyResponse {
  const record = existing(checkedSecret(ctx)).record;
  const response: GetResourcePolicyResponse = { ARN: record.arn, Name: record.name };
  if (record.policy !== undefined) response.ResourcePolicy = record.policy;
  return response;
}

export async function authorizeDeleteResourcePolicy(input: DeleteResourcePolicyRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:DeleteResourcePolicy', await resolveFor(ctx, input.SecretId))];
}

export async function DeleteResourcePolicy(_input: DeleteResourcePolicyRequest, ctx: HandlerContext, deps: SmDeps): Promise<DeleteResourcePolicyResponse> {
  const loaded = writable(checkedSecret(ctx));
  delete loaded.record.policy;
  loaded.record.lastChangedAt = ctx.now;
  await syncReplicas(deps, ctx.tx, loaded.record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return { ARN: loaded.record.arn, Name: loaded.record.name };
}

export async function authorizeValidateResourcePolicy(input: ValidateResourcePolicyRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  if (input.SecretId === undefined) return [starCheck('secretsmanager:ValidateResourcePolicy', ctx)];
  return [secretCheck('secretsmanager:ValidateResourcePolicy', await resolveFor(ctx, input.SecretId))];
}

export function ValidateResourcePolicy(input: ValidateResourcePolicyRequest, ctx: HandlerContext): ValidateResourcePolicyResponse {
  if (input.SecretId !== undefined) live(checkedSecret(ctx));
  const findings = validationFindings(input.ResourcePolicy);
  return { PolicyValidationPassed: findings.length === 0, ValidationErrors: findings };
}

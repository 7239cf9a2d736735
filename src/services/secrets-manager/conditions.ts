// The resource every secret check names (its ARN, its resource policy, its tags) and the condition keys
// Secrets Manager gives policies (Service Authorization Reference, "Actions, resources, and condition
// keys for AWS Secrets Manager"): secretsmanager:SecretId, secretsmanager:ResourceTag/<key>,
// secretsmanager:resource/AllowRotationLambdaArn, secretsmanager:SecretPrimaryRegion, and per request
// secretsmanager:Name, Description, KmsKeyId, VersionId, VersionStage, RotationLambdaARN, ...
import type { Tag } from '../../generated/secrets-manager/types.js';
import type { ContextValue } from '../../iam/types.js';
import type { AuthorizationCheck, AuthorizationContext, AuthorizedResource } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { ResolvedSecret } from './records.js';

export type Conditions = Record<string, ContextValue | undefined>;

export function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? '']));
}

export function secretResource(resolved: ResolvedSecret): AuthorizedResource {
  const record = resolved.loaded?.record;
  const resource: AuthorizedResource = { arn: resolved.arn, accountId: resolved.place.accountId, loaded: resolved };
  if (!record) return resource;
  const tags = tagMap(record.tags);
  const context: Conditions = { 'secretsmanager:SecretId': record.arn };
  for (const [key, value] of Object.entries(tags)) context[`secretsmanager:ResourceTag/${key}`] = value;
  if (record.rotation?.lambdaArn) context['secretsmanager:resource/AllowRotationLambdaArn'] = record.rotation.lambdaArn;
  context['secretsmanager:SecretPrimaryRegion'] = record.primaryRegion ?? record.region;
  resource.tags = tags;
  resource.context = context;
  if (record.policy) resource.policy = { id: `${record.arn}/resource-policy`, document: record.policy };
  return resource;
}

export function secretCheck(action: string, resolved: ResolvedSecret, context: Conditions = {}): AuthorizationCheck {
  return { action, resource: secretResource(resolved), context: { 'secretsmanager:SecretId': resolved.arn, ...context } };
}

/** Actions that name no secret (ListSecrets, GetRandomPassword, BatchGetSecretValue). */
export function starCheck(action: string, ctx: Pick<AuthorizationContext, 'accountId'>, context: Conditions = {}): AuthorizationCheck {
  return { action, resource: { arn: '*', accountId: ctx.accountId }, context };
}

export function requestTagConditions(tags: readonly Tag[] | undefined): Conditions {
  if (!tags || tags.length === 0) return {};
  const context: Conditions = { 'aws:TagKeys': tags.map((t) => t.Key ?? '') };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value ?? '';
  return context;
}

/** The secret the first check resolved, for the handler (same transaction). */
export function checkedSecret(ctx: Pick<HandlerContext, 'checks'>): ResolvedSecret {
  const resolved = ctx.checks[0]?.resource.loaded as ResolvedSecret | undefined;
  if (!resolved) throw new Error('the authorization entry resolved no secret');
  return resolved;
}

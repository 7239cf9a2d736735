// The condition keys a KMS key gives the IAM evaluator (kms:KeySpec, kms:KeyUsage, kms:KeyOrigin,
// kms:MultiRegion, kms:MultiRegionKeyType, kms:ResourceAliases, aws:ResourceTag/*) and the resource
// every key check names (its ARN, its key policy, which must allow).
import type { ContextValue } from '../../iam/types.js';
import type { AuthorizationCheck, AuthorizationContext, AuthorizedResource } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { KeyPlace } from './arns.js';
import type { LoadedKey } from './key-record.js';
import { resourceTags } from './tags.js';

export function keyConditions(loaded: LoadedKey): Record<string, ContextValue | undefined> {
  const key = loaded.record;
  const conditions: Record<string, ContextValue | undefined> = {
    'kms:KeySpec': key.keySpec,
    'kms:CustomerMasterKeySpec': key.keySpec,
    'kms:KeyUsage': key.keyUsage,
    'kms:CustomerMasterKeyUsage': key.keyUsage,
    'kms:KeyOrigin': key.origin,
    'kms:KeyManager': key.keyManager,
    'kms:MultiRegion': key.multiRegion,
    'kms:ResourceAliases': key.aliases,
  };
  if (key.multiRegion && loaded.multiRegion) {
    conditions['kms:MultiRegionKeyType'] = loaded.multiRegion.record.primaryRegion === key.region ? 'PRIMARY' : 'REPLICA';
  }
  return conditions;
}

export function keyResource(loaded: LoadedKey, grantAllows = false): AuthorizedResource {
  const key = loaded.record;
  return {
    arn: key.arn,
    accountId: key.accountId,
    policy: { id: `${key.arn}/key-policy/default`, document: key.policy },
    policyRequired: true,
    tags: resourceTags(key.tags),
    context: keyConditions(loaded),
    grantAllows,
    loaded,
  };
}

/** Request condition keys every KMS request has; kms:ViaService when another service calls KMS for the caller. */
export function callerConditions(ctx: Pick<AuthorizationContext, 'accountId'>, viaService?: string): Record<string, ContextValue | undefined> {
  const conditions: Record<string, ContextValue | undefined> = { 'kms:CallerAccount': ctx.accountId };
  if (viaService) {
    conditions['kms:ViaService'] = viaService;
    conditions['aws:ViaAWSService'] = true;
  }
  return conditions;
}

export const callerPlace = (ctx: Pick<AuthorizationContext, 'partition' | 'accountId' | 'region' | 'now'>): KeyPlace & { now: number } => ({
  partition: ctx.partition,
  accountId: ctx.accountId,
  region: ctx.region,
  now: ctx.now,
});

/** The key an authorization check loaded, for the handler (same transaction). */
export function checkedKey(ctx: Pick<HandlerContext, 'checks'>, index = 0): LoadedKey {
  const loaded = ctx.checks[index]?.resource.loaded as LoadedKey | undefined;
  if (!loaded) throw new Error(`authorization check ${index} loaded no key`);
  return loaded;
}

export function starCheck(action: string, ctx: Pick<AuthorizationContext, 'accountId'>, context: Record<string, ContextValue | undefined> = {}): AuthorizationCheck {
  return { action, resource: { arn: '*', accountId: ctx.accountId }, context: { ...callerConditions(ctx), ...context } };
}

// TagResource and UntagResource; tags reach replicas with the next sync, in the same transaction.
import type { TagResourceRequest, UntagResourceRequest } from '../../generated/secrets-manager/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { resolveFor, writable } from './common.js';
import { checkedSecret, requestTagConditions, secretCheck } from './conditions.js';
import type { SmDeps } from './deps.js';
import { saveSecret } from './records.js';
import { syncReplicas } from './replication.js';
import { mergeTags, validateTagKey, validateTags } from './tags.js';

export async function authorizeTagResource(input: TagResourceRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:TagResource', await resolveFor(ctx, input.SecretId), requestTagConditions(input.Tags))];
}

export async function authorizeUntagResource(input: UntagResourceRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:UntagResource', await resolveFor(ctx, input.SecretId), { 'aws:TagKeys': input.TagKeys })];
}

export async function TagResource(input: TagResourceRequest, ctx: HandlerContext, deps: SmDeps): Promise<Record<string, never>> {
  const loaded = writable(checkedSecret(ctx));
  loaded.record.tags = mergeTags(loaded.record.tags, validateTags(input.Tags));
  loaded.record.lastChangedAt = ctx.now;
  await syncReplicas(deps, ctx.tx, loaded.record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return {};
}

export async function UntagResource(input: UntagResourceRequest, ctx: HandlerContext, deps: SmDeps): Promise<Record<string, never>> {
  const loaded = writable(checkedSecret(ctx));
  for (const key of input.TagKeys) validateTagKey(key);
  const removed = new Set(input.TagKeys);
  loaded.record.tags = loaded.record.tags.filter((t) => !removed.has(t.Key ?? ''));
  loaded.record.lastChangedAt = ctx.now;
  await syncReplicas(deps, ctx.tx, loaded.record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return {};
}

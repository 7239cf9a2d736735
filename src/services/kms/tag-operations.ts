// TagResource, UntagResource and ListResourceTags. Tags are visible to the authorizer as resource
// tags (aws:ResourceTag/<key>) from the next request on.
import type { ListResourceTagsRequest, ListResourceTagsResponse, TagResourceRequest, UntagResourceRequest } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { saveKey } from './key-record.js';
import { assertKeyState } from './key-states.js';
import { page, pageLimit } from './pagination.js';
import { mergeTags, validateTagKey, validateTags } from './tags.js';

export function TagResource(input: TagResourceRequest, ctx: HandlerContext): Record<string, never> {
  const loaded = checkedKey(ctx);
  assertKeyState(loaded.record, 'not-pending-deletion');
  validateTags(input.Tags);
  loaded.record.tags = mergeTags(loaded.record.tags, input.Tags);
  saveKey(ctx.tx, loaded);
  return {};
}

export function UntagResource(input: UntagResourceRequest, ctx: HandlerContext): Record<string, never> {
  const loaded = checkedKey(ctx);
  assertKeyState(loaded.record, 'not-pending-deletion');
  for (const key of input.TagKeys) validateTagKey(key);
  const removed = new Set(input.TagKeys);
  loaded.record.tags = loaded.record.tags.filter((t) => !removed.has(t.TagKey));
  saveKey(ctx.tx, loaded);
  return {};
}

export function ListResourceTags(input: ListResourceTagsRequest, ctx: HandlerContext): ListResourceTagsResponse {
  const loaded = checkedKey(ctx);
  const limit = pageLimit(input.Limit, 50, 50);
  const sorted = [...loaded.record.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
  const result = page(sorted, (t) => t.TagKey, limit, input.Marker);
  const response: ListResourceTagsResponse = { Tags: result.items, Truncated: result.truncated };
  if (result.nextMarker) response.NextMarker = result.nextMarker;
  return response;
}

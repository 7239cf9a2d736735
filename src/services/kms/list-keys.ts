// ListKeys: every key of the account in this Region (every state), ordered by key id, paginated.
import type { ListKeysRequest, ListKeysResponse } from '../../generated/kms/types.js';
import type { JsonValue } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { callerPlace } from './conditions.js';
import { keysPrefix, type KeyRecord } from './key-record.js';
import { decodeMarker, encodeMarker, pageLimit } from './pagination.js';

export async function ListKeys(input: ListKeysRequest, ctx: HandlerContext): Promise<ListKeysResponse> {
  const limit = pageLimit(input.Limit, 100, 1000);
  const prefix = keysPrefix(callerPlace(ctx));
  const after = decodeMarker(input.Marker);
  const stored = await ctx.tx.list<JsonValue>({ prefix, limit: limit + 1, ...(after === undefined ? {} : { after: prefix + after }) });
  const keys = stored.slice(0, limit).map((s) => s.value as unknown as KeyRecord);
  const truncated = stored.length > limit;
  const response: ListKeysResponse = { Keys: keys.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), Truncated: truncated };
  if (truncated) response.NextMarker = encodeMarker(keys[keys.length - 1].keyId);
  return response;
}

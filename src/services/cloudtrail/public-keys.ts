// ListPublicKeys: the public halves of the keys that signed (or sign) digest files of the caller's
// account in this region, valid at some time in [StartTime, EndTime] (both default to now).
import { signingKeysInRange } from '../../audit/signing-keys.js';
import type { ListPublicKeysRequest, ListPublicKeysResponse } from '../../generated/cloudtrail/types.js';
import type { HandlerContext } from '../types.js';
import { invalidTimeRange } from './errors.js';

export async function ListPublicKeys(input: ListPublicKeysRequest, ctx: HandlerContext): Promise<ListPublicKeysResponse> {
  const start = input.StartTime?.getTime() ?? ctx.now;
  const end = input.EndTime?.getTime() ?? ctx.now;
  if (start > end) throw invalidTimeRange('Start time must be before end time.');
  const keys = await signingKeysInRange(ctx.tx, ctx.accountId, ctx.region, start, end);
  return {
    PublicKeyList: keys.map((key) => ({
      Value: Buffer.from(key.publicKey, 'base64'),
      ValidityStartTime: new Date(key.validityStart),
      ValidityEndTime: new Date(key.validityEnd),
      Fingerprint: key.fingerprint,
    })),
  };
}

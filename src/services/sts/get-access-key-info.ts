// GetAccessKeyInfo: the account an access key id belongs to, for any key id (even one deleted or of
// another account), as AWS answers it: from the key's record, else from the account bits of its id.
import { AwsError } from '../../errors.js';
import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from '../../generated/sts/types.js';
import { accessKeyStorageKey, accountOfAccessKeyId, type AccessKeyRecord } from '../../identity/access-keys.js';
import type { HandlerContext } from '../types.js';

export async function GetAccessKeyInfo(input: GetAccessKeyInfoRequest, ctx: HandlerContext): Promise<GetAccessKeyInfoResponse> {
  const record = (await ctx.tx.get(accessKeyStorageKey(input.AccessKeyId)))?.value as unknown as AccessKeyRecord | undefined;
  const account = record?.accountId ?? accountOfAccessKeyId(input.AccessKeyId);
  if (account === undefined) throw new AwsError('Validation', `The access key ID ${input.AccessKeyId} is not valid.`);
  return { Account: account };
}
